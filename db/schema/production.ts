import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, doublePrecision, index, integer, numeric, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { parts, partRevisions } from "./engineering";
import { lines, stations } from "./equipment";

export const workOrderStatusEnum = pgEnum("work_order_status", ["planned", "released", "in_progress", "completed", "closed", "on_hold", "cancelled"]);
export const unitStatusEnum = pgEnum("unit_status", ["in_progress", "complete", "scrapped", "on_hold"]);
export const stepResultEnum = pgEnum("step_result", ["PASS", "FAIL", "SCRAP"]);
export const lotStatusEnum = pgEnum("lot_status", ["available", "on_hold", "consumed"]);

export const workOrders = pgTable(
  "work_orders",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    number: text().notNull(),
    partRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
    lineId: integer()
      .notNull()
      .references(() => lines.id),
    qty: integer().notNull(),
    status: workOrderStatusEnum().notNull().default("planned"),
    plannedStart: timestamp({ withTimezone: true }),
    plannedEnd: timestamp({ withTimezone: true }),
    /** The date the planner promised; shown in the plant's time zone. */
    dueDate: date({ mode: "string" }),
    /** Serials of this order start with it (checked when units are reported); null: any serial. */
    serialPrefix: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("work_orders_number_key").on(t.number), index("work_orders_line_status_idx").on(t.lineId, t.status)],
);

export const materialLots = pgTable(
  "material_lots",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lotNumber: text().notNull(),
    partId: integer()
      .notNull()
      .references(() => parts.id),
    supplier: text(),
    qty: numeric({ precision: 14, scale: 4, mode: "number" }),
    receivedAt: timestamp({ withTimezone: true }),
    status: lotStatusEnum().notNull().default("available"),
  },
  (t) => [uniqueIndex("material_lots_lot_number_key").on(t.lotNumber), index("material_lots_part_idx").on(t.partId)],
);

export const units = pgTable(
  "units",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    serial: text().notNull(),
    partRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
    workOrderId: integer().references(() => workOrders.id),
    status: unitStatusEnum().notNull().default("in_progress"),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    completedAt: timestamp({ withTimezone: true }),
    /** Set when a released change reaches a unit that was already in progress. */
    needsDisposition: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex("units_serial_key").on(t.serial),
    // Prefix search on serials ("CP40-2611-") needs a pattern-ops index.
    index("units_serial_pattern_idx").using("btree", sql`${t.serial} text_pattern_ops`),
    index("units_work_order_idx").on(t.workOrderId),
    index("units_part_revision_started_idx").on(t.partRevisionId, t.startedAt),
    // Shift output and recent completions read units by completion time.
    index("units_completed_idx").on(t.completedAt),
  ],
);

export const processSteps = pgTable(
  "process_steps",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    unitId: bigint({ mode: "number" })
      .notNull()
      .references(() => units.id),
    operationCode: text().notNull(),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    operator: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull(),
    result: stepResultEnum().notNull(),
    attempt: smallint().notNull(),
    /** Publisher's idempotency key: a redelivered unit message must not add a step. */
    messageId: text(),
  },
  (t) => [
    index("process_steps_unit_idx").on(t.unitId, t.startedAt),
    uniqueIndex("process_steps_unit_operation_attempt_key").on(t.unitId, t.operationCode, t.attempt),
    uniqueIndex("process_steps_message_id_key").on(t.messageId),
    index("process_steps_station_ended_idx").on(t.stationId, t.endedAt),
  ],
);

export const measurements = pgTable(
  "measurements",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    stepId: bigint({ mode: "number" })
      .notNull()
      .references(() => processSteps.id),
    name: text().notNull(),
    value: doublePrecision().notNull(),
    unit: text(),
    lsl: doublePrecision(),
    usl: doublePrecision(),
    isPass: boolean().notNull(),
  },
  (t) => [index("measurements_step_idx").on(t.stepId)],
);

/** As-built genealogy: a child unit or a material lot installed into a parent unit. Removals keep their row. */
export const componentInstalls = pgTable(
  "component_installs",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    parentUnitId: bigint({ mode: "number" })
      .notNull()
      .references(() => units.id),
    partId: integer()
      .notNull()
      .references(() => parts.id),
    childUnitId: bigint({ mode: "number" }).references(() => units.id),
    materialLotId: integer().references(() => materialLots.id),
    qty: numeric({ precision: 12, scale: 4, mode: "number" }).notNull().default(1),
    stepId: bigint({ mode: "number" }).references(() => processSteps.id),
    installedAt: timestamp({ withTimezone: true }).notNull(),
    removedAt: timestamp({ withTimezone: true }),
    removalReason: text(),
  },
  (t) => [
    index("component_installs_parent_idx").on(t.parentUnitId),
    index("component_installs_child_unit_idx").on(t.childUnitId).where(sql`${t.childUnitId} is not null`),
    index("component_installs_lot_idx").on(t.materialLotId).where(sql`${t.materialLotId} is not null`),
    check("component_installs_one_source_check", sql`num_nonnulls(${t.childUnitId}, ${t.materialLotId}) <= 1`),
  ],
);

/**
 * A step reported for a unit that is on hold, or that installed a held unit or
 * lot (docs/holds.md). The step is stored as reported; this row flags it, and
 * the worker raises a station alarm with it.
 */
export const holdBreaches = pgTable(
  "hold_breaches",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    stepId: bigint({ mode: "number" })
      .notNull()
      .references(() => processSteps.id),
    unitId: bigint({ mode: "number" })
      .notNull()
      .references(() => units.id),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    /** What was on hold: the unit itself, a component unit it installed, or a lot it consumed. */
    heldKind: text({ enum: ["unit", "component", "lot"] }).notNull(),
    heldRef: text().notNull(),
    detectedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("hold_breaches_unit_idx").on(t.unitId), index("hold_breaches_station_idx").on(t.stationId, t.detectedAt)],
);

export type WorkOrder = typeof workOrders.$inferSelect;
export type WorkOrderStatus = WorkOrder["status"];
export type Unit = typeof units.$inferSelect;
export type ProcessStep = typeof processSteps.$inferSelect;
export type Measurement = typeof measurements.$inferSelect;
export type ComponentInstall = typeof componentInstalls.$inferSelect;
export type MaterialLot = typeof materialLots.$inferSelect;
