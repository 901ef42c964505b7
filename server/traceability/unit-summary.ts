import { eq } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { lines, partRevisions, parts, units, workOrders } from "@/db/schema";
import { NotFoundError } from "@/server/errors";

export async function getUnitSummary(db: DbOrTx, serial: string) {
  const [unit] = await db
    .select({
      id: units.id,
      serial: units.serial,
      status: units.status,
      startedAt: units.startedAt,
      completedAt: units.completedAt,
      partNumber: parts.partNumber,
      partName: parts.name,
      revision: partRevisions.revision,
      workOrder: workOrders.number,
      line: lines.code,
    })
    .from(units)
    .innerJoin(partRevisions, eq(partRevisions.id, units.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .leftJoin(workOrders, eq(workOrders.id, units.workOrderId))
    .leftJoin(lines, eq(lines.id, workOrders.lineId))
    .where(eq(units.serial, serial.trim()));
  if (!unit) throw new NotFoundError(`No unit has the serial number "${serial.trim()}".`);
  return unit;
}
