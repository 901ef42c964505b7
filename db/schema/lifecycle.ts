import { check, integer, pgEnum, pgTable, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

import { users } from "./governance";

/** Data kept in time-partitioned tables, whose old months retention may drop (docs/data-lifecycle.md). */
export const retentionDataClasses = ["telemetry"] as const;
export type RetentionDataClass = (typeof retentionDataClasses)[number];
export const retentionDataClassEnum = pgEnum("retention_data_class", retentionDataClasses);

/** A data class without a row is kept for ever. */
export const retentionPolicies = pgTable(
  "retention_policies",
  {
    dataClass: retentionDataClassEnum().primaryKey(),
    keepDays: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedById: integer().references(() => users.id),
  },
  (t) => [check("retention_policies_keep_days_check", sql`${t.keepDays} > 0`)],
);

export type RetentionPolicy = typeof retentionPolicies.$inferSelect;
