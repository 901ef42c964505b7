import { eq } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { materialLots, partRevisions, parts, units } from "@/db/schema";
import { homeTimeZone } from "@/server/equipment/time-zones";

import { traceForward, type WhereUsedUnit } from "./genealogy";
import { resolveOrigin, type WhereUsedOrigin } from "./holds";

export interface WhereUsedQuery {
  page: number;
  pageSize: number;
  status?: WhereUsedUnit["status"];
  isTopLevelOnly?: boolean;
}

async function describeOrigin(db: DbOrTx, origin: Awaited<ReturnType<typeof resolveOrigin>>) {
  if (origin.kind === "lot") {
    const [lot] = await db
      .select({ lotNumber: materialLots.lotNumber, partNumber: parts.partNumber, partName: parts.name, supplier: materialLots.supplier, receivedAt: materialLots.receivedAt, qty: materialLots.qty, status: materialLots.status })
      .from(materialLots)
      .innerJoin(parts, eq(parts.id, materialLots.partId))
      .where(eq(materialLots.id, origin.id));
    return { kind: "lot" as const, label: origin.label, partNumber: lot?.partNumber ?? "", partName: lot?.partName ?? "", supplier: lot?.supplier ?? null, receivedAt: lot?.receivedAt ?? null, qty: lot?.qty ?? null, status: lot?.status ?? "available" };
  }
  const [unit] = await db
    .select({ partNumber: parts.partNumber, partName: parts.name, revision: partRevisions.revision, status: units.status })
    .from(units)
    .innerJoin(partRevisions, eq(partRevisions.id, units.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .where(eq(units.id, origin.id));
  return { kind: "unit" as const, label: origin.label, partNumber: unit?.partNumber ?? "", partName: `${unit?.partName ?? ""} rev ${unit?.revision ?? ""}`, supplier: null, receivedAt: null, qty: null, status: unit?.status ?? "in_progress" };
}

/** The whole where-used set, for exports and the hold action. */
export async function getWhereUsedAll(db: DbOrTx, input: WhereUsedOrigin) {
  const origin = await resolveOrigin(db, input);
  const [info, rows] = await Promise.all([describeOrigin(db, origin), traceForward(db, origin.kind === "lot" ? { lotId: origin.id } : { unitId: origin.id })]);
  return { origin: info, rows };
}

/** Where-used with its summary (by status, finished products) and one page of units. */
export async function getWhereUsed(db: DbOrTx, input: WhereUsedOrigin, query: WhereUsedQuery) {
  const [{ origin, rows }, timeZone] = await Promise.all([getWhereUsedAll(db, input), homeTimeZone(db)]);
  const current = rows.filter((r) => !r.isRemoved);
  const byStatus = { in_progress: 0, complete: 0, scrapped: 0, on_hold: 0 };
  for (const r of current) byStatus[r.status]++;
  const filtered = rows.filter((r) => (!query.status || r.status === query.status) && (!query.isTopLevelOnly || (r.isTopLevel && !r.isRemoved)));
  const pageCount = Math.max(1, Math.ceil(filtered.length / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  return {
    origin,
    timeZone,
    total: current.length,
    formerly: rows.length - current.length,
    topLevel: current.filter((r) => r.isTopLevel).length,
    holdable: current.filter((r) => r.status === "complete" || r.status === "in_progress").length,
    byStatus,
    matching: filtered.length,
    page,
    pageCount,
    rows: filtered.slice((page - 1) * query.pageSize, page * query.pageSize),
  };
}
