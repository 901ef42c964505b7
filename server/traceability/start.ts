import { count, desc, eq, isNotNull, sql, type SQL } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { auditLog, componentInstalls, materialLots, partRevisions, parts, units, workOrders } from "@/db/schema";
import { homeTimeZone } from "@/server/equipment/time-zones";

const RECENT = 10;
const HELD = 20;

interface HoldEntry {
  reason: string | null;
  heldBy: string;
  heldAt: string;
}

/** The latest hold entry of an audited subject, read through the audit log's (entity_type, entity_id) index. */
function latestHold(entityType: "unit" | "material_lot", entityId: SQL | typeof units.serial, actions: string[]) {
  return sql<HoldEntry | null>`(select json_build_object('reason', ${auditLog.data}->>'reason', 'heldBy', ${auditLog.actor}, 'heldAt', ${auditLog.at}) from ${auditLog}
    where ${auditLog.entityType} = ${entityType} and ${auditLog.entityId} = ${entityId} and ${auditLog.action} in (${sql.join(
      actions.map((a) => sql`${a}`),
      sql`, `,
    )})
    order by ${auditLog.seq} desc limit 1)`;
}

/** A held lot installed in the unit itself: why a unit held with its lot has no hold entry of its own. */
const heldLotInside = sql<string | null>`(select ${materialLots.lotNumber} from ${componentInstalls} join ${materialLots} on ${materialLots.id} = ${componentInstalls.materialLotId}
  where ${componentInstalls.parentUnitId} = ${units.id} and ${componentInstalls.removedAt} is null and ${materialLots.status} = 'on_hold' limit 1)`;

const withHold = <T extends { hold: HoldEntry | null }>({ hold, ...row }: T) => ({ ...row, reason: hold?.reason ?? null, heldBy: hold?.heldBy ?? null, heldAt: hold ? new Date(hold.heldAt) : null });

/**
 * Where a quality engineer starts without a serial in hand: the units finished last, the lots on
 * hold and the units on hold, each hold with its reason from the audit log. Units on hold are read
 * by status, which has no index: one scan of units, acceptable for a page opened by hand.
 */
export async function getTraceabilityStart(db: DbOrTx) {
  const unitsWithPart = () =>
    db
      .select({ serial: units.serial, partNumber: parts.partNumber, revision: partRevisions.revision, status: units.status, workOrder: workOrders.number, startedAt: units.startedAt, completedAt: units.completedAt, hold: latestHold("unit", units.serial, ["unit.hold"]), heldLot: heldLotInside })
      .from(units)
      .innerJoin(partRevisions, eq(partRevisions.id, units.partRevisionId))
      .innerJoin(parts, eq(parts.id, partRevisions.partId))
      .leftJoin(workOrders, eq(workOrders.id, units.workOrderId));
  const [recentUnits, heldUnits, [held], heldLots, timeZone] = await Promise.all([
    unitsWithPart().where(isNotNull(units.completedAt)).orderBy(desc(units.completedAt)).limit(RECENT),
    unitsWithPart().where(eq(units.status, "on_hold")).orderBy(desc(units.startedAt)).limit(HELD),
    db.select({ n: count() }).from(units).where(eq(units.status, "on_hold")),
    db
      .select({ lotNumber: materialLots.lotNumber, partNumber: parts.partNumber, partName: parts.name, supplier: materialLots.supplier, receivedAt: materialLots.receivedAt, status: materialLots.status, hold: latestHold("material_lot", sql`${materialLots.lotNumber}`, ["lot.hold"]) })
      .from(materialLots)
      .innerJoin(parts, eq(parts.id, materialLots.partId))
      .where(eq(materialLots.status, "on_hold"))
      .orderBy(desc(materialLots.receivedAt)),
    homeTimeZone(db),
  ]);
  return {
    timeZone,
    recentUnits: recentUnits.map(withHold),
    heldUnits: { total: held?.n ?? 0, rows: heldUnits.map(withHold) },
    heldLots: heldLots.map(withHold),
  };
}
