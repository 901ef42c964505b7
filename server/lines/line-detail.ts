import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { DbOrTx } from "@/db";
import { alarms, areas, downtimeReasons, lines, sites, partRevisions, parts, stations, stationStateIntervals, units, users, workOrders } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import { openHoldsAt } from "@/server/traceability/hold-alarms";

import { getShiftSummaries, getStationStatuses } from "./overview";
import { getLatestTelemetry, getTelemetrySeries } from "./telemetry";

export async function findLine(db: DbOrTx, code: string) {
  const [row] = await db.select({ line: lines, timeZone: sites.timeZone }).from(lines).innerJoin(areas, eq(areas.id, lines.areaId)).innerJoin(sites, eq(sites.id, areas.siteId)).where(eq(lines.code, code));
  if (!row) throw new NotFoundError(`There is no line "${code}".`);
  return { ...row.line, timeZone: row.timeZone };
}

export async function findStation(db: DbOrTx, lineCode: string, stationCode: string) {
  const line = await findLine(db, lineCode);
  const [station] = await db.select().from(stations).where(and(eq(stations.lineId, line.id), eq(stations.code, stationCode)));
  if (!station) throw new NotFoundError(`Line ${lineCode} has no station "${stationCode}".`);
  return { line, station };
}

const ackUser = alias(users, "ack_user");

/** Everything the line page shows, for the window [from, to): by default the current shift up to now. */
export async function getLineDetail(db: DbOrTx, request: { lineCode: string; from?: Date; to?: Date }, now = new Date()) {
  const line = await findLine(db, request.lineCode);
  const to = request.to ?? now;
  const summary = (await getShiftSummaries(db, [line], now)).get(line.id);
  // Outside shifts the live window starts with the last shift; with none for eight days, eight hours back.
  const input = { from: request.from ?? summary?.shift?.start ?? new Date(now.getTime() - 8 * 3600_000), to };
  const stationRows = await db.select({ id: stations.id, code: stations.code }).from(stations).where(and(eq(stations.lineId, line.id), isNull(stations.retiredAt))).orderBy(asc(stations.position));
  const stationIds = stationRows.map((s) => s.id);
  const stationCode = new Map(stationRows.map((s) => [s.id, s.code]));
  const overlaps = and(lt(stationStateIntervals.startedAt, input.to), or(isNull(stationStateIntervals.endedAt), gt(stationStateIntervals.endedAt, input.from)));

  const [statuses, latest, sparklines, timeline, alarmRows, reasons, workOrder, holds] = await Promise.all([
    getStationStatuses(db, { lineIds: [line.id] }),
    getLatestTelemetry(db, stationIds),
    getTelemetrySeries(db, { stationIds, from: new Date(Date.now() - 30 * 60_000), to: new Date(), maxPoints: 60 }),
    db
      .select({
        id: stationStateIntervals.id,
        stationId: stationStateIntervals.stationId,
        state: stationStateIntervals.state,
        startedAt: stationStateIntervals.startedAt,
        endedAt: stationStateIntervals.endedAt,
        reportedReason: stationStateIntervals.reportedReason,
        downtimeReasonId: stationStateIntervals.downtimeReasonId,
        downtimeReason: downtimeReasons.name,
        reasonBy: users.name,
        reasonAt: stationStateIntervals.reasonAt,
      })
      .from(stationStateIntervals)
      .leftJoin(downtimeReasons, eq(downtimeReasons.id, stationStateIntervals.downtimeReasonId))
      .leftJoin(users, eq(users.id, stationStateIntervals.reasonById))
      .where(and(inArray(stationStateIntervals.stationId, stationIds), overlaps))
      .orderBy(asc(stationStateIntervals.startedAt))
      .limit(5000),
    db
      .select({
        id: alarms.id,
        stationId: alarms.stationId,
        code: alarms.code,
        severity: alarms.severity,
        message: alarms.message,
        raisedAt: alarms.raisedAt,
        clearedAt: alarms.clearedAt,
        acknowledgedAt: alarms.acknowledgedAt,
        acknowledgedBy: ackUser.name,
      })
      .from(alarms)
      .leftJoin(ackUser, eq(ackUser.id, alarms.acknowledgedById))
      .where(and(inArray(alarms.stationId, stationIds), or(isNull(alarms.clearedAt), and(gt(alarms.raisedAt, input.from), lt(alarms.raisedAt, input.to)))))
      .orderBy(sql`${alarms.clearedAt} is null desc`, desc(alarms.raisedAt))
      .limit(50),
    db.select({ id: downtimeReasons.id, code: downtimeReasons.code, name: downtimeReasons.name, category: downtimeReasons.category }).from(downtimeReasons).where(eq(downtimeReasons.isActive, true)).orderBy(asc(downtimeReasons.category), asc(downtimeReasons.name)),
    getCurrentWorkOrder(db, line.id),
    openHoldsAt(db, stationIds),
  ]);

  return {
    line: { id: line.id, code: line.code, name: line.name, timeZone: line.timeZone },
    shift: summary ?? null,
    window: { from: input.from, to: input.to },
    stations: statuses.map((s) => ({
      ...s,
      latest: latest.filter((l) => l.stationId === s.id),
      sparklines: sparklines.series.filter((p) => p.stationId === s.id),
    })),
    timeline: timeline.map((t) => ({ ...t, stationCode: stationCode.get(t.stationId) ?? "" })),
    alarms: alarmRows.map((a) => ({ ...a, stationCode: stationCode.get(a.stationId) ?? "" })),
    downtime: timeline.filter((t) => t.state === "DOWN").reverse().map((t) => ({ ...t, stationCode: stationCode.get(t.stationId) ?? "" })),
    downtimeReasons: reasons,
    workOrder,
    holds,
  };
}

/** The order the line is working on: in progress first, else the next released one. */
async function getCurrentWorkOrder(db: DbOrTx, lineId: number) {
  const [wo] = await db
    .select({ id: workOrders.id, number: workOrders.number, qty: workOrders.qty, status: workOrders.status, partNumber: parts.partNumber, partName: parts.name, revision: partRevisions.revision })
    .from(workOrders)
    .innerJoin(partRevisions, eq(partRevisions.id, workOrders.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .where(and(eq(workOrders.lineId, lineId), inArray(workOrders.status, ["in_progress", "released"])))
    .orderBy(sql`${workOrders.status} = 'in_progress' desc`, asc(workOrders.plannedStart))
    .limit(1);
  if (!wo) return null;
  const [counts] = await db
    .select({
      started: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${units.status} in ('complete', 'on_hold'))::int`,
      scrapped: sql<number>`count(*) filter (where ${units.status} = 'scrapped')::int`,
    })
    .from(units)
    .where(eq(units.workOrderId, wo.id));
  return { ...wo, started: counts?.started ?? 0, completed: counts?.completed ?? 0, scrapped: counts?.scrapped ?? 0 };
}

/** A station's telemetry over the window (by default the last hour), downsampled to `maxPoints` per series. */
export async function getStationDetail(db: DbOrTx, request: { lineCode: string; stationCode: string; from?: Date; to?: Date; maxPoints: number }, now = new Date()) {
  const { line, station } = await findStation(db, request.lineCode, request.stationCode);
  const to = request.to ?? now;
  const input = { ...request, from: request.from ?? new Date(to.getTime() - 3600_000), to };
  const [[status], telemetry, holds] = await Promise.all([
    getStationStatuses(db, { lineIds: [line.id] }).then((all) => all.filter((s) => s.id === station.id)),
    getTelemetrySeries(db, { stationIds: [station.id], from: input.from, to: input.to, maxPoints: input.maxPoints }),
    openHoldsAt(db, [station.id]),
  ]);
  return { line: { code: line.code, name: line.name, timeZone: line.timeZone }, station: { id: station.id, code: station.code, name: station.name, idealCycleSeconds: station.idealCycleSeconds }, status, window: { from: input.from, to: input.to }, ...telemetry, holds };
}

export async function stationIdsOfLine(db: DbOrTx, lineCode: string) {
  const line = await findLine(db, lineCode);
  const rows = await db.select({ id: stations.id }).from(stations).where(eq(stations.lineId, line.id));
  return rows.map((r) => r.id);
}
