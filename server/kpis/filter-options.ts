import { asc, isNull, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { lines, partRevisions, parts, stations, units } from "@/db/schema";

/** What the filter bar offers: lines with their stations, and the parts that have been built. */
export async function getKpiFilterOptions(db: DbOrTx) {
  const [lineRows, stationRows, partRows] = await Promise.all([
    db.select({ id: lines.id, code: lines.code, name: lines.name }).from(lines).where(isNull(lines.retiredAt)).orderBy(asc(lines.code)),
    db.select({ lineId: stations.lineId, code: stations.code, name: stations.name }).from(stations).where(isNull(stations.retiredAt)).orderBy(asc(stations.lineId), asc(stations.position)),
    db
      .select({ partNumber: parts.partNumber, name: parts.name })
      .from(parts)
      .where(sql`exists (select 1 from ${partRevisions} pr where pr.part_id = ${parts.id} and exists (select 1 from ${units} u where u.part_revision_id = pr.id))`)
      .orderBy(asc(parts.partNumber)),
  ]);
  return {
    lines: lineRows.map((l) => ({ code: l.code, name: l.name, stations: stationRows.filter((s) => s.lineId === l.id).map((s) => ({ code: s.code, name: s.name })) })),
    parts: partRows,
  };
}
