import { and, asc, eq, isNull, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { alarms, areas, lines, sites, stations, stationStateIntervals, type StationState } from "@/db/schema";

import { currentShift } from "./shift";
import { getStationSignals } from "./station-signal";

export type DisplayState = StationState | "NO_SIGNAL";

export interface StationStatus {
  id: number;
  code: string;
  name: string;
  /** What to show: the reported state, or NO_SIGNAL once the station has been silent too long. */
  state: DisplayState;
  /** The last state the station reported, also when it is silent now. */
  reportedState: StationState | null;
  since: Date | null;
  reason: string | null;
  lastSeen: Date | null;
  activeAlarms: number;
}

/** Current state of the given stations, with "no signal" for those silent longer than their expected interval. */
export async function getStationStatuses(db: DbOrTx, where: { lineIds: number[] }, now = new Date()): Promise<(StationStatus & { lineId: number })[]> {
  if (where.lineIds.length === 0) return [];
  const rows = await db
    .select({
      id: stations.id,
      lineId: stations.lineId,
      code: stations.code,
      name: stations.name,
      expectedIntervalSeconds: stations.expectedIntervalSeconds,
      state: stationStateIntervals.state,
      since: stationStateIntervals.startedAt,
      reason: stationStateIntervals.reportedReason,
      activeAlarms: sql<number>`(select count(*)::int from ${alarms} where ${alarms.stationId} = ${stations.id} and ${alarms.clearedAt} is null)`,
    })
    .from(stations)
    .leftJoin(stationStateIntervals, and(eq(stationStateIntervals.stationId, stations.id), isNull(stationStateIntervals.endedAt)))
    .where(and(sql`${stations.lineId} = any(${sql.param(where.lineIds)}::int[])`, isNull(stations.retiredAt)))
    .orderBy(asc(stations.lineId), asc(stations.position));
  const signals = await getStationSignals(db, rows.map((r) => r.id));
  return rows.map(({ expectedIntervalSeconds, ...r }) => {
    const signal = signals.get(r.id);
    const lastSeen = signal?.lastSeen ?? null;
    const isSilent = signal?.isGap === true || !lastSeen || now.getTime() - lastSeen.getTime() > expectedIntervalSeconds * 1000;
    return { ...r, reportedState: r.state, state: isSilent ? "NO_SIGNAL" : (r.state ?? "NO_SIGNAL"), lastSeen };
  });
}

/** Shift output, target and first-pass yield per line (units finished in the shift on the line's work orders). */
async function getShiftFigures(db: DbOrTx, lineIds: number[], from: Date, to: Date) {
  const rows = await db.execute<{ line_id: number; finished: number; output: number; first_pass: number }>(sql`
    select wo.line_id,
      count(*)::int as finished,
      count(*) filter (where u.status <> 'scrapped')::int as output,
      count(*) filter (where not exists (
        select 1 from process_steps s where s.unit_id = u.id and (s.attempt > 1 or s.result <> 'PASS')))::int as first_pass
    from units u join work_orders wo on wo.id = u.work_order_id
    where u.completed_at >= ${from.toISOString()}::timestamptz and u.completed_at < ${to.toISOString()}::timestamptz and wo.line_id = any(${sql.param(lineIds)}::int[])
    group by wo.line_id`);
  return new Map(rows.map((r) => [r.line_id, r]));
}

export async function getLinesOverview(db: DbOrTx, filter: { areaCode?: string } = {}, now = new Date()) {
  const lineRows = await db
    .select({ id: lines.id, code: lines.code, name: lines.name, targetPerHour: lines.targetPerHour, areaCode: areas.code, areaName: areas.name, timeZone: sites.timeZone })
    .from(lines)
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(and(isNull(lines.retiredAt), filter.areaCode ? eq(areas.code, filter.areaCode) : undefined))
    .orderBy(asc(sites.position), asc(areas.position), asc(areas.code), asc(lines.position), asc(lines.code));
  const timeZone = lineRows[0]?.timeZone ?? "UTC";
  const shift = currentShift(now, timeZone);
  const lineIds = lineRows.map((l) => l.id);
  const [statuses, figures] = await Promise.all([getStationStatuses(db, { lineIds }, now), getShiftFigures(db, lineIds, shift.start, now)]);
  const elapsedHours = (now.getTime() - shift.start.getTime()) / 3600_000;

  return {
    shift: { ...shift, timeZone },
    lines: lineRows.map((l) => {
      const f = figures.get(l.id);
      const lineStations = statuses.filter((s) => s.lineId === l.id);
      return {
        id: l.id,
        code: l.code,
        name: l.name,
        area: { code: l.areaCode, name: l.areaName },
        output: f?.output ?? 0,
        target: Math.round(l.targetPerHour * elapsedHours),
        firstPassYield: f && f.finished > 0 ? f.first_pass / f.finished : null,
        activeAlarms: lineStations.reduce((n, s) => n + s.activeAlarms, 0),
        stations: lineStations,
      };
    }),
  };
}

export async function listAreas(db: DbOrTx) {
  return db.select({ code: areas.code, name: areas.name }).from(areas).where(isNull(areas.retiredAt)).orderBy(asc(areas.position), asc(areas.code));
}
