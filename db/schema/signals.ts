import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { stations } from "./equipment";
import { users } from "./governance";

export const stationStates = ["RUNNING", "IDLE", "DOWN", "BLOCKED", "STARVED", "SETUP", "PLANNED_STOP"] as const;
export type StationState = (typeof stationStates)[number];
export const stationStateEnum = pgEnum("station_state", stationStates);
export const alarmSeverities = ["info", "warning", "critical"] as const;
export const alarmSeverityEnum = pgEnum("alarm_severity", alarmSeverities);

/** The configurable list a supervisor picks downtime reasons from. */
export const downtimeReasons = pgTable(
  "downtime_reasons",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    code: text().notNull(),
    name: text().notNull(),
    category: text().notNull(),
    isActive: boolean().notNull().default(true),
  },
  (t) => [uniqueIndex("downtime_reasons_code_key").on(t.code)],
);

/** One row per state interval; the open interval has no end. */
export const stationStateIntervals = pgTable(
  "station_state_intervals",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    state: stationStateEnum().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    /** Reason as reported by the machine. */
    reportedReason: text(),
    /** Reason given by a supervisor from the reason list. */
    downtimeReasonId: integer().references(() => downtimeReasons.id),
    reasonById: integer().references(() => users.id),
    reasonAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("station_state_intervals_station_started_key").on(t.stationId, t.startedAt),
    index("station_state_intervals_open_idx").on(t.stationId).where(sql`${t.endedAt} is null`),
  ],
);

export const telemetryMetrics = pgTable(
  "telemetry_metrics",
  {
    id: smallint().primaryKey().generatedByDefaultAsIdentity(),
    name: text().notNull(),
    unit: text(),
  },
  (t) => [uniqueIndex("telemetry_metrics_name_key").on(t.name)],
);

/**
 * The largest table by far: range-partitioned by month on ts (see the migration),
 * keyed so that a redelivered sample cannot land twice.
 */
export const telemetrySamples = pgTable(
  "telemetry_samples",
  {
    stationId: integer().notNull(),
    metricId: smallint().notNull(),
    ts: timestamp({ withTimezone: true }).notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.metricId, t.ts] }), index("telemetry_samples_ts_brin_idx").using("brin", t.ts)],
);

export const alarms = pgTable(
  "alarms",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    code: text().notNull(),
    severity: alarmSeverityEnum().notNull(),
    message: text().notNull(),
    raisedAt: timestamp({ withTimezone: true }).notNull(),
    clearedAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: integer().references(() => users.id),
  },
  (t) => [
    uniqueIndex("alarms_station_code_raised_key").on(t.stationId, t.code, t.raisedAt),
    index("alarms_active_idx").on(t.stationId).where(sql`${t.clearedAt} is null`),
    index("alarms_station_raised_idx").on(t.stationId, t.raisedAt),
  ],
);

/** Counts for non-serialised production, as reported per interval. */
export const productionCounts = pgTable(
  "production_counts",
  {
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    ts: timestamp({ withTimezone: true }).notNull(),
    good: integer().notNull(),
    scrap: integer().notNull(),
    rework: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.ts] })],
);

export type StationStateInterval = typeof stationStateIntervals.$inferSelect;
export type Alarm = typeof alarms.$inferSelect;
