import type { DbOrTx } from "@/db";

import { loadUnitHeader } from "./as-built-record";

/** The few facts that name a unit, for places that do not need its whole record. */
export async function getUnitSummary(db: DbOrTx, serial: string) {
  const { id, serial: found, status, startedAt, completedAt, partNumber, partName, revision, workOrder, line } = await loadUnitHeader(db, serial.trim());
  return { id, serial: found, status, startedAt, completedAt, partNumber, partName, revision, workOrder, line };
}
