import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";

import type { Db, DbOrTx } from "@/db";
import { alarms, auditLog, lines, materialLots, units, workOrders } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { roleLabels, type SessionUser } from "@/server/auth/roles";
import { verifySignaturePassword, type SignatureClient } from "@/server/auth/signature-password";
import { ConflictError, NotFoundError, ValidationError } from "@/server/errors";
import { emitEvent } from "@/server/events/emit";
import { notifyRealtime } from "@/server/realtime/notify";

import { traceForward } from "./genealogy";
import { holdAlarmCode } from "./hold-alarms";

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
    // Released: the stations' alarms about work done on it while held have served their purpose.
    const cleared = input.action === "release" ? await clearHoldAlarms(tx, unit.serial) : [];
    if (cleared.length) await notifyRealtime(tx, "alarm", cleared);
    await appendAudit(tx, { ...auditActor(user), action: `unit.${input.action}`, entityType: "unit", entityId: unit.serial, data: { reason, from: unit.status, to, ...(cleared.length ? { clearedAlarms: cleared.length } : {}) } });
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

async function clearHoldAlarms(tx: DbOrTx, ref: string) {
  const rows = await tx.update(alarms).set({ clearedAt: new Date() }).where(and(eq(alarms.code, holdAlarmCode(ref)), isNull(alarms.clearedAt))).returning({ stationId: alarms.stationId });
  return rows.map((r) => r.stationId);
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

/**
 * Releases a lot from hold, signed with the password re-entered (docs/holds.md):
 * the lot may be consumed again and its HOLD alarms clear. Units held with it
 * stay on hold: each is dispositioned on its own record.
 */
export async function releaseLot(db: Db, user: SessionUser, input: { lotNumber: string; reason: string; password: string }, client: SignatureClient) {
  const reason = requireReason(input.reason);
  const lotNumber = input.lotNumber.trim();
  await verifySignaturePassword(db, user, input.password, client, { lot: lotNumber });
  return db.transaction(async (tx) => {
    const [lot] = await tx.select({ id: materialLots.id, status: materialLots.status }).from(materialLots).where(eq(materialLots.lotNumber, lotNumber)).for("update");
    if (!lot) throw new NotFoundError(`No material lot has the number "${lotNumber}".`);
    if (lot.status !== "on_hold") throw new ConflictError(`${lotNumber} is not on hold (it is ${lot.status.replace("_", " ")}).`);
    await tx.update(materialLots).set({ status: "available" }).where(eq(materialLots.id, lot.id));
    const cleared = await clearHoldAlarms(tx, lotNumber);
    if (cleared.length) await notifyRealtime(tx, "alarm", cleared);
    const meaning = `released as ${roleLabels[user.role].toLowerCase()}`;
    await appendAudit(tx, { ...auditActor(user), action: "lot.release", entityType: "material_lot", entityId: lotNumber, data: { reason, from: "on_hold", to: "available", signer: user.name, meaning, clearedAlarms: cleared.length } });
    await emitEvent(tx, {
      type: "lot.released",
      line: null,
      summary: `Lot ${lotNumber} was released from hold by ${user.name} (${meaning}): ${reason}`,
      link: `/traceability/lots/${encodeURIComponent(lotNumber)}`,
      data: { lotNumber, reason, by: user.name, meaning },
    });
    return { lotNumber, meaning, clearedAlarms: cleared.length };
  });
}

const holdActions = ["unit.hold", "unit.release", "unit.where-used-hold", "lot.hold", "lot.release"];

/** Every hold and release of a unit or lot, newest first, from the audit log (the record of who did what, and why). */
export async function holdHistory(db: DbOrTx, origin: WhereUsedOrigin) {
  const isLot = "lotNumber" in origin;
  const ref = isLot ? origin.lotNumber.trim() : origin.serial.trim();
  const rows = await db
    .select({ at: auditLog.at, actor: auditLog.actor, action: auditLog.action, entityId: auditLog.entityId, data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        inArray(auditLog.action, holdActions),
        isLot
          ? and(eq(auditLog.entityType, "material_lot"), eq(auditLog.entityId, ref))
          : // A unit is also held by a where-used hold started from a lot or another unit, which names it in its list.
            or(and(eq(auditLog.entityType, "unit"), eq(auditLog.entityId, ref)), sql`${auditLog.data}->'units' ? ${ref}`),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(200);
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    isRelease: r.action.endsWith(".release"),
    /** A hold that reached this unit through a lot or a component names where it started. */
    through: r.entityId !== ref ? r.entityId : null,
    reason: typeof r.data.reason === "string" ? r.data.reason : null,
    meaning: typeof r.data.meaning === "string" ? r.data.meaning : null,
  }));
}
