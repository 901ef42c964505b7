import { and, eq, inArray, sql } from "drizzle-orm";

import type { Db, DbOrTx } from "@/db";
import { lines, materialLots, units, workOrders } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "@/server/errors";
import { emitEvent } from "@/server/events/emit";

import { traceForward } from "./genealogy";

/** The line a unit's work order runs on: its hold events are filtered by it. */
async function unitLine(db: DbOrTx, unitId: number) {
  const [row] = await db.select({ code: lines.code }).from(units).innerJoin(workOrders, eq(workOrders.id, units.workOrderId)).innerJoin(lines, eq(lines.id, workOrders.lineId)).where(eq(units.id, unitId));
  return row?.code ?? null;
}

function requireReason(reason: string) {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new ValidationError("Give a reason for the hold or release (at least 3 characters).");
  return trimmed;
}

/** Puts one unit on hold or releases it; a release returns it to complete or in progress, as its record says. */
export async function setUnitHold(db: Db, user: SessionUser, input: { serial: string; action: "hold" | "release"; reason: string }) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: units.id, serial: units.serial, status: units.status, completedAt: units.completedAt }).from(units).where(eq(units.serial, input.serial.trim())).for("update");
    if (!unit) throw new NotFoundError(`No unit has the serial number "${input.serial.trim()}".`);
    let to: "on_hold" | "complete" | "in_progress";
    if (input.action === "hold") {
      if (unit.status === "on_hold") throw new ConflictError(`${unit.serial} is already on hold.`);
      if (unit.status === "scrapped") throw new ConflictError(`${unit.serial} is scrapped; a scrapped unit cannot be put on hold.`);
      to = "on_hold";
    } else {
      if (unit.status !== "on_hold") throw new ConflictError(`${unit.serial} is not on hold (it is ${unit.status.replace("_", " ")}).`);
      to = unit.completedAt ? "complete" : "in_progress";
    }
    await tx.update(units).set({ status: to }).where(eq(units.id, unit.id));
    await appendAudit(tx, { ...auditActor(user), action: `unit.${input.action}`, entityType: "unit", entityId: unit.serial, data: { reason, from: unit.status, to } });
    await emitEvent(tx, {
      type: input.action === "hold" ? "unit.held" : "unit.released",
      line: await unitLine(tx, unit.id),
      summary: `${unit.serial} ${input.action === "hold" ? "was put on hold" : "was released from hold"} by ${user.name}: ${reason}`,
      link: `/traceability/units/${encodeURIComponent(unit.serial)}`,
      data: { serial: unit.serial, reason, from: unit.status, to, by: user.name },
    });
    return { serial: unit.serial, from: unit.status, to };
  });
}

export type WhereUsedOrigin = { lotNumber: string } | { serial: string };

export async function resolveOrigin(db: DbOrTx, origin: WhereUsedOrigin) {
  if ("lotNumber" in origin) {
    const [lot] = await db.select({ id: materialLots.id, lotNumber: materialLots.lotNumber, status: materialLots.status }).from(materialLots).where(eq(materialLots.lotNumber, origin.lotNumber.trim()));
    if (!lot) throw new NotFoundError(`No material lot has the number "${origin.lotNumber.trim()}".`);
    return { kind: "lot" as const, id: lot.id, label: lot.lotNumber, lotStatus: lot.status };
  }
  const [unit] = await db.select({ id: units.id, serial: units.serial }).from(units).where(eq(units.serial, origin.serial.trim()));
  if (!unit) throw new NotFoundError(`No unit has the serial number "${origin.serial.trim()}".`);
  return { kind: "unit" as const, id: unit.id, label: unit.serial, lotStatus: null };
}

/**
 * Recall scope in one action: every unit that contains the lot or component
 * now (any level) goes on hold, the lot too, in one transaction with one
 * audit entry naming every unit.
 */
export async function holdWhereUsed(db: Db, user: SessionUser, input: { origin: WhereUsedOrigin; reason: string }) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const origin = await resolveOrigin(tx, input.origin);
    if (origin.kind === "lot") await tx.execute(sql`select 1 from material_lots where id = ${origin.id} for update`);
    const reached = await traceForward(tx, origin.kind === "lot" ? { lotId: origin.id } : { unitId: origin.id });
    const candidates = reached.filter((u) => !u.isRemoved && (u.status === "complete" || u.status === "in_progress")).map((u) => u.unitId);
    const held = candidates.length
      ? await tx
          .update(units)
          .set({ status: "on_hold" })
          .where(and(sql`${units.id} = any(${sql.param(candidates)}::bigint[])`, inArray(units.status, ["complete", "in_progress"])))
          .returning({ serial: units.serial })
      : [];
    if (origin.kind === "lot") await tx.update(materialLots).set({ status: "on_hold" }).where(eq(materialLots.id, origin.id));
    const alreadyOnHold = reached.filter((u) => !u.isRemoved && u.status === "on_hold").length;
    const serials = held.map((h) => h.serial).sort();
    await appendAudit(tx, {
      ...auditActor(user),
      action: origin.kind === "lot" ? "lot.hold" : "unit.where-used-hold",
      entityType: origin.kind === "lot" ? "material_lot" : "unit",
      entityId: origin.label,
      data: { reason, units: serials, count: serials.length, alreadyOnHold },
    });
    await emitEvent(tx, {
      type: origin.kind === "lot" ? "lot.held" : "unit.held",
      line: origin.kind === "unit" ? await unitLine(tx, origin.id) : null,
      summary: `${origin.kind === "lot" ? "Lot" : "Unit"} ${origin.label} and ${serials.length} unit(s) built from it were put on hold by ${user.name}: ${reason}`,
      link: origin.kind === "lot" ? `/traceability/lots/${encodeURIComponent(origin.label)}` : `/traceability/units/${encodeURIComponent(origin.label)}`,
      data: { [origin.kind === "lot" ? "lot" : "serial"]: origin.label, reason, units: serials, alreadyOnHold, by: user.name },
    });
    return { origin: origin.label, held: serials.length, alreadyOnHold, skipped: reached.length - serials.length - alreadyOnHold };
  });
}
