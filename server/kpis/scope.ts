import { asc, eq, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { areas, lines, partRevisions, parts, sites, stations } from "@/db/schema";
import { loadShiftCalendars } from "@/server/equipment/shift-calendars";
import { ValidationError } from "@/server/errors";

import { kpiFilterInput, resolveWindow, type KpiFilter, type ResolvedWindow } from "./windows";

export interface ScopeLine {
  id: number;
  code: string;
  name: string;
}
export interface ScopeStation {
  id: number;
  code: string;
  name: string;
  lineId: number;
  lineCode: string;
}

/** A filter resolved against master data: ids to query the rollups with, names to show. */
export interface KpiScope {
  window: ResolvedWindow;
  now: Date;
  lines: ScopeLine[];
  stations: ScopeStation[];
  line: ScopeLine | null;
  station: ScopeStation | null;
  part: { partNumber: string; name: string } | null;
  /** Null when no part filter applies. */
  partRevisionIds: number[] | null;
  allLines: ScopeLine[];
}

export const scopeLineIds = (scope: KpiScope) => scope.lines.map((l) => l.id);
export const scopeStationIds = (scope: KpiScope) => scope.stations.map((s) => s.id);

export async function resolveScope(db: DbOrTx, rawFilter: KpiFilter, now = new Date()): Promise<KpiScope> {
  const filter = kpiFilterInput.parse(rawFilter);
  const [zones, allLines, allStations] = await Promise.all([
    db
      .select({ id: lines.id, timeZone: sites.timeZone, isLive: sql<boolean>`${lines.retiredAt} is null` })
      .from(lines)
      .innerJoin(areas, eq(areas.id, lines.areaId))
      .innerJoin(sites, eq(sites.id, areas.siteId))
      .orderBy(asc(sites.position), asc(areas.position), asc(lines.position), asc(lines.code)),
    db.select({ id: lines.id, code: lines.code, name: lines.name }).from(lines).orderBy(asc(lines.code)),
    db
      .select({ id: stations.id, code: stations.code, name: stations.name, lineId: stations.lineId, lineCode: lines.code })
      .from(stations)
      .innerJoin(lines, eq(lines.id, stations.lineId))
      .orderBy(asc(lines.code), asc(stations.position)),
  ]);
  let line: ScopeLine | null = null;
  if (filter.line) {
    line = allLines.find((l) => l.code === filter.line) ?? null;
    if (!line) throw new ValidationError(`There is no line "${filter.line}".`);
  }
  let station: ScopeStation | null = null;
  if (filter.station) {
    station = allStations.find((s) => s.code === filter.station) ?? null;
    if (!station) throw new ValidationError(`There is no station "${filter.station}".`);
    if (line && station.lineId !== line.id) throw new ValidationError(`Station ${station.code} is not on line ${line.code}.`);
    const stationLine = station.lineId;
    line = allLines.find((l) => l.id === stationLine) ?? null;
  }

  let part: KpiScope["part"] = null;
  let partRevisionIds: number[] | null = null;
  if (filter.part) {
    const revisions = await db
      .select({ id: partRevisions.id, partNumber: parts.partNumber, name: parts.name })
      .from(parts)
      .leftJoin(partRevisions, eq(partRevisions.partId, parts.id))
      .where(sql`${parts.partNumber} = ${filter.part}`);
    const [first] = revisions;
    if (!first) throw new ValidationError(`There is no part "${filter.part}".`);
    part = { partNumber: first.partNumber, name: first.name };
    partRevisionIds = revisions.flatMap((r) => (r.id === null ? [] : [r.id]));
  }

  const lineId = line?.id;
  // The window follows the line in scope: its site's zone and its shift calendar; without a line filter, the first live line's (docs/equipment.md "Time zones").
  const anchor = zones.find((z) => z.id === lineId) ?? zones.find((z) => z.isLive) ?? zones[0];
  const calendar = anchor && filter.window === "shift" ? (await loadShiftCalendars(db, [anchor.id])).get(anchor.id) : undefined;
  const window = resolveWindow(filter, now, anchor?.timeZone ?? "UTC", calendar);
  return {
    window,
    now,
    lines: lineId === undefined ? allLines : allLines.filter((l) => l.id === lineId),
    stations: station ? [station] : lineId === undefined ? allStations : allStations.filter((s) => s.lineId === lineId),
    line,
    station,
    part,
    partRevisionIds,
    allLines,
  };
}
