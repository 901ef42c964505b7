import { and, asc, eq, isNull, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { alarms, areas, lines, sites, stations, stationStateIntervals, type StationState } from "@/db/schema";
import { loadShiftCalendars } from "@/server/equipment/shift-calendars";

import { latestShift, shiftTarget } from "./shift";
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

/** Output and first-pass yield per line over its own shift window (units finished on the line's work orders). */
async function getShiftFigures(db: DbOrTx, windows: { lineId: number; from: Date; to: Date }[]) {
  if (windows.length === 0) return new Map<number, { finished: number; output: number; first_pass: number }>();
  const rows = await db.execute<{ line_id: number; finished: number; output: number; first_pass: number }>(sql`
    select w.line_id, f.finished, f.output, f.first_pass
    from unnest(${sql.param(windows.map((w) => w.lineId))}::int[], ${sql.param(windows.map((w) => w.from.toISOString()))}::text[], ${sql.param(windows.map((w) => w.to.toISOString()))}::text[]) as w(line_id, from_at, to_at)
    cross join lateral (
      select count(*)::int as finished,
        count(*) filter (where u.status <> 'scrapped')::int as output,
        count(*) filter (where not exists (
          select 1 from process_steps s where s.unit_id = u.id and (s.attempt > 1 or s.result <> 'PASS')))::int as first_pass
      from units u join work_orders wo on wo.id = u.work_order_id
      where u.completed_at >= w.from_at::timestamptz and u.completed_at < w.to_at::timestamptz and wo.line_id = w.line_id) f`);
  return new Map(rows.map((r) => [r.line_id, r]));
}

/** Every live line with its stations and its own shift (docs/equipment.md "Time zones", "Shift calendars"). */
export async function getLinesOverview(db: DbOrTx, filter: { areaCode?: string } = {}, now = new Date()) {
  const lineRows = await db
    .select({ id: lines.id, code: lines.code, name: lines.name, targetPerHour: lines.targetPerHour, areaCode: areas.code, areaName: areas.name, timeZone: sites.timeZone })
    .from(lines)
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(and(isNull(lines.retiredAt), filter.areaCode ? eq(areas.code, filter.areaCode) : undefined))
    .orderBy(asc(sites.position), asc(areas.position), asc(areas.code), asc(lines.position), asc(lines.code));
  const lineIds = lineRows.map((l) => l.id);
  const [statuses, shifts] = await Promise.all([getStationStatuses(db, { lineIds }, now), getShiftSummaries(db, lineRows, now)]);

  return {
    /** The first line's zone, for the clock of a page that shows several. */
    timeZone: lineRows[0]?.timeZone ?? "UTC",
    lines: lineRows.map((l) => {
      const lineStations = statuses.filter((s) => s.lineId === l.id);
      return {
        id: l.id,
        code: l.code,
        name: l.name,
        area: { code: l.areaCode, name: l.areaName },
        timeZone: l.timeZone,
        ...(shifts.get(l.id) ?? emptySummary),
        activeAlarms: lineStations.reduce((n, s) => n + s.activeAlarms, 0),
        stations: lineStations,
      };
    }),
  };
}

export interface ShiftSummary {
  /** The running shift, or outside shifts the one that ended last (isCurrent false); null when there was none for eight days. */
  shift: { name: string; start: Date; end: Date; isCurrent: boolean } | null;
  output: number;
  target: number;
  firstPassYield: number | null;
}
const emptySummary: ShiftSummary = { shift: null, output: 0, target: 0, firstPassYield: null };

/** Each line's shift in its site's zone and its calendar, with the output, target and first-pass yield of that shift so far. */
export async function getShiftSummaries(db: DbOrTx, lineRows: { id: number; targetPerHour: number; timeZone: string }[], now: Date): Promise<Map<number, ShiftSummary>> {
  const calendars = await loadShiftCalendars(db, lineRows.map((l) => l.id));
  const shifts = new Map(lineRows.map((l) => [l.id, latestShift(now, l.timeZone, calendars.get(l.id))]));
  const windows = lineRows.flatMap((l) => {
    const latest = shifts.get(l.id);
    return latest ? [{ lineId: l.id, from: latest.shift.start, to: latest.isCurrent ? now : latest.shift.end }] : [];
  });
  const figures = await getShiftFigures(db, windows);
  return new Map(
    lineRows.map((l) => {
      const latest = shifts.get(l.id);
      const f = figures.get(l.id);
      if (!latest) return [l.id, emptySummary];
      const { name, start, end } = latest.shift;
      return [l.id, { shift: { name, start, end, isCurrent: latest.isCurrent }, output: f?.output ?? 0, target: shiftTarget(l.targetPerHour, latest.shift, now), firstPassYield: f && f.finished > 0 ? f.first_pass / f.finished : null }];
    }),
  );
}

export async function listAreas(db: DbOrTx) {
  return db.select({ code: areas.code, name: areas.name }).from(areas).where(isNull(areas.retiredAt)).orderBy(asc(areas.position), asc(areas.code));
}
