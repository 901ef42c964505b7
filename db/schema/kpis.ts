import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

import { stationStateEnum } from "./signals";

/*
 * Hourly KPI rollups (server/kpis/rollups.ts keeps them current). Hours are
 * UTC hour starts; the page adds them up for any window that starts on an hour.
 * No foreign keys: a rollup is derived data, rebuilt from the records at will.
 */

/** Process steps that ended in the hour, per station, part revision and operation. */
export const kpiStationHourly = pgTable(
  "kpi_station_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    stationId: integer().notNull(),
    partRevisionId: integer().notNull(),
    operationCode: text().notNull(),
    /** Every finished step: the station's produced quantity (good + scrap + rework). */
    steps: integer().notNull(),
    firstAttempts: integer().notNull(),
    firstPass: integer().notNull(),
    good: integer().notNull(),
    scrap: integer().notNull(),
    rework: integer().notNull(),
    /** Ideal cycle time × steps (the planned runtime of what was produced); 0 in hours the station reported no state. */
    idealSeconds: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.stationId, t.partRevisionId, t.operationCode] })],
);

/** Units that left the process (completed or scrapped) in the hour, per line and part revision. */
export const kpiUnitHourly = pgTable(
  "kpi_unit_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    lineId: integer().notNull(),
    partRevisionId: integer().notNull(),
    finished: integer().notNull(),
    good: integer().notNull(),
    firstPass: integer().notNull(),
    scrapped: integer().notNull(),
    reworked: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.lineId, t.partRevisionId] })],
);

/**
 * Seconds each station spent in each state within the hour; `starts` counts
 * intervals that began in it. DOWN time keeps its reasons for the Pareto
 * (0 and "" stand for none, as key columns cannot be null).
 */
export const kpiStateHourly = pgTable(
  "kpi_state_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    stationId: integer().notNull(),
    state: stationStateEnum().notNull(),
    downtimeReasonId: integer().notNull(),
    reportedReason: text().notNull(),
    seconds: doublePrecision().notNull(),
    starts: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.stationId, t.state, t.downtimeReasonId, t.reportedReason] })],
);

/** Measurements out of their limits, for the defect Pareto. */
export const kpiDefectHourly = pgTable(
  "kpi_defect_hourly",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    stationId: integer().notNull(),
    partRevisionId: integer().notNull(),
    operationCode: text().notNull(),
    name: text().notNull(),
    failures: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.stationId, t.partRevisionId, t.operationCode, t.name] })],
);

/**
 * Hours whose rollups are stale: an append-only log written by triggers on
 * process_steps, units and station_state_intervals (migration kpi-dirty-triggers).
 * Writers only insert, so they never wait on each other; a refresh deletes
 * exactly the rows it read, so a marking committed meanwhile survives.
 */
export const kpiDirtyHours = pgTable(
  "kpi_dirty_hours",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    hour: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("kpi_dirty_hours_hour_idx").on(t.hour)],
);

/** Single row: when the last refresh ran, so the hours an open state interval grew into get recomputed. */
export const kpiRefreshState = pgTable("kpi_refresh_state", {
  id: integer().primaryKey(),
  refreshedAt: timestamp({ withTimezone: true }).notNull(),
});
