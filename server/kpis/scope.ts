import { asc, eq, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { lines, partRevisions, parts, sites, stations } from "@/db/schema";
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
  const [[site], allLines, allStations] = await Promise.all([
    db.select({ timeZone: sites.timeZone }).from(sites).orderBy(asc(sites.id)).limit(1),
    db.select({ id: lines.id, code: lines.code, name: lines.name }).from(lines).orderBy(asc(lines.code)),
    db
      .select({ id: stations.id, code: stations.code, name: stations.name, lineId: stations.lineId, lineCode: lines.code })
      .from(stations)
      .innerJoin(lines, eq(lines.id, stations.lineId))
      .orderBy(asc(lines.code), asc(stations.position)),
  ]);
  const window = resolveWindow(filter, now, site?.timeZone ?? "UTC");

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
