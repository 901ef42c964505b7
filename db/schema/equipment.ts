import { date, index, integer, pgTable, real, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** Retired equipment keeps its rows and history but leaves live views and pickers (docs/equipment.md). */
const retiredAt = () => timestamp({ withTimezone: true });

export const sites = pgTable(
  "sites",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    enterprise: text().notNull(),
    code: text().notNull(),
    name: text().notNull(),
    timeZone: text().notNull().default("UTC"),
    position: integer().notNull().default(0),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex("sites_enterprise_code_key").on(t.enterprise, t.code)],
);

export const areas = pgTable(
  "areas",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    siteId: integer()
      .notNull()
      .references(() => sites.id),
    code: text().notNull(),
    name: text().notNull(),
    position: integer().notNull().default(0),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex("areas_site_code_key").on(t.siteId, t.code)],
);

export const lines = pgTable(
  "lines",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    code: text().notNull(),
    name: text().notNull(),
    /** Planned output per hour, for the shift target. */
    targetPerHour: integer().notNull().default(0),
    position: integer().notNull().default(0),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex("lines_area_code_key").on(t.areaId, t.code)],
);

export const stations = pgTable(
  "stations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lineId: integer()
      .notNull()
      .references(() => lines.id),
    code: text().notNull(),
    name: text().notNull(),
    position: integer().notNull(),
    idealCycleSeconds: real().notNull(),
    /** A station silent for longer than this shows as "no signal". */
    expectedIntervalSeconds: integer().notNull().default(60),
    retiredAt: retiredAt(),
    /** Null while a station the ingest worker registered on its own (INGEST_AUTO_REGISTER) awaits an administrator's review. */
    acceptedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("stations_line_code_key").on(t.lineId, t.code), index("stations_line_position_idx").on(t.lineId, t.position)],
);

/**
 * A line's shift calendar (docs/equipment.md "Shift calendars"): its shift pattern, planned stops
 * and holidays, in the local time of the line's site. A line without shift rows works the default
 * three shifts (server/lines/shift.ts); its planned stops and holidays still apply.
 */
export const lineShifts = pgTable(
  "line_shifts",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lineId: integer()
      .notNull()
      .references(() => lines.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    /** "HH:MM" local; an end at or before the start is the next day's (overnight shift). */
    startTime: text().notNull(),
    endTime: text().notNull(),
    /** ISO weekdays the shift starts on, 1 = Monday. */
    weekdays: smallint().array().notNull(),
  },
  (t) => [index("line_shifts_line_idx").on(t.lineId, t.position)],
);

export const linePlannedStops = pgTable(
  "line_planned_stops",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lineId: integer()
      .notNull()
      .references(() => lines.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    startTime: text().notNull(),
    endTime: text().notNull(),
    weekdays: smallint().array().notNull(),
    reason: text().notNull(),
  },
  (t) => [index("line_planned_stops_line_idx").on(t.lineId, t.position)],
);

export const lineHolidays = pgTable(
  "line_holidays",
  {
    lineId: integer()
      .notNull()
      .references(() => lines.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    name: text().notNull(),
  },
  (t) => [uniqueIndex("line_holidays_line_day_key").on(t.lineId, t.day)],
);

export type Site = typeof sites.$inferSelect;
export type Area = typeof areas.$inferSelect;
export type Line = typeof lines.$inferSelect;
export type Station = typeof stations.$inferSelect;
