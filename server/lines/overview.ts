import { and, asc, eq, isNull, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { alarms, areas, lines, stations, stationStateIntervals } from "@/db/schema";

export async function getLinesOverview(db: DbOrTx, filter: { areaCode?: string } = {}) {
  const rows = await db
    .select({
      lineId: lines.id,
      lineCode: lines.code,
      lineName: lines.name,
      areaCode: areas.code,
      areaName: areas.name,
      stationId: stations.id,
      stationCode: stations.code,
      stationName: stations.name,
      state: stationStateIntervals.state,
      since: stationStateIntervals.startedAt,
      reason: stationStateIntervals.reportedReason,
      activeAlarms: sql<number>`(select count(*)::int from ${alarms} where ${alarms.stationId} = ${stations.id} and ${alarms.clearedAt} is null)`,
    })
    .from(lines)
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(stations, eq(stations.lineId, lines.id))
    .leftJoin(stationStateIntervals, and(eq(stationStateIntervals.stationId, stations.id), isNull(stationStateIntervals.endedAt)))
    .where(filter.areaCode ? eq(areas.code, filter.areaCode) : undefined)
    .orderBy(asc(areas.code), asc(lines.code), asc(stations.position));

  const byLine = new Map<number, { id: number; code: string; name: string; area: { code: string; name: string }; stations: { id: number; code: string; name: string; state: string | null; since: Date | null; reason: string | null; activeAlarms: number }[] }>();
  for (const r of rows) {
    let line = byLine.get(r.lineId);
    if (!line) {
      line = { id: r.lineId, code: r.lineCode, name: r.lineName, area: { code: r.areaCode, name: r.areaName }, stations: [] };
      byLine.set(r.lineId, line);
    }
    line.stations.push({ id: r.stationId, code: r.stationCode, name: r.stationName, state: r.state, since: r.since, reason: r.reason, activeAlarms: r.activeAlarms });
  }
  return [...byLine.values()];
}
