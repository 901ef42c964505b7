import { index, integer, pgTable, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

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

export type Site = typeof sites.$inferSelect;
export type Area = typeof areas.$inferSelect;
export type Line = typeof lines.$inferSelect;
export type Station = typeof stations.$inferSelect;
