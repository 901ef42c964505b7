import { sql, type SQL } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import type { StationState } from "@/db/schema";

import { getEcrCycleTime } from "./ecr-cycle-time";
import { computeKpis, emptyTotals, type KpiTotals } from "./formulas";
import { resolveScope, scopeLineIds, scopeStationIds, type KpiScope } from "./scope";
import { pgArray } from "./sql-array";
import { elapsedHours, startOfPlantDay, type KpiFilter } from "./windows";

type GroupBy = "total" | "line" | "bucket";

const HOUR_MS = 3600_000;

function rangeOf(scope: KpiScope, column: SQL) {
  return sql`${column} >= ${scope.window.from.toISOString()}::timestamptz and ${column} < ${scope.window.to.toISOString()}::timestamptz`;
}

/** A numeric group key: 0, a line id, or a bucket's start in epoch seconds. */
function keyOf(groupBy: GroupBy, scope: KpiScope, hour: SQL, lineId: SQL) {
  if (groupBy === "line") return lineId;
  if (groupBy === "total") return sql`0`;
  if (scope.window.bucket === "hour") return sql`extract(epoch from ${hour})::float8`;
  const tz = scope.window.timeZone;
  return sql`extract(epoch from (date_trunc('day', ${hour} at time zone ${tz}) at time zone ${tz}))::float8`;
}

/** No condition when the scope is every station: the filter would only cost time. */
function stationCondition(scope: KpiScope) {
  return scope.line === null && scope.station === null ? sql`true` : sql`r.station_id = any(${pgArray(scopeStationIds(scope))}::int[])`;
}

function partCondition(scope: KpiScope, column: SQL) {
  return scope.partRevisionIds === null ? sql`true` : sql`${column} = any(${pgArray(scope.partRevisionIds)}::int[])`;
}

function bucketHours(scope: KpiScope, startSeconds: number) {
  const start = startSeconds * 1000;
  let end: number;
  if (scope.window.bucket === "hour") end = start + HOUR_MS;
  else {
    const next = new Date(start + 36 * HOUR_MS);
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: scope.window.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(next).split("-").map(Number);
    end = startOfPlantDay(local[0] ?? 1970, local[1] ?? 1, local[2] ?? 1, scope.window.timeZone).getTime();
  }
  const clippedEnd = Math.min(end, scope.window.to.getTime(), scope.now.getTime());
  const clippedStart = Math.max(start, scope.window.from.getTime());
  return Math.max(0, (clippedEnd - clippedStart) / HOUR_MS);
}

/** Adds the rollups up per group key; the three reads run side by side. */
async function loadTotals(db: DbOrTx, scope: KpiScope, groupBy: GroupBy): Promise<Map<number, KpiTotals>> {
  const stationIds = stationCondition(scope);
  const isStationScope = scope.station !== null;
  const isSingleLine = scope.lines.length === 1 || groupBy === "line";
  const stationKey = keyOf(groupBy, scope, sql`r.hour`, sql`st.line_id`);

  const [stationRows, unitRows, stateRows] = await Promise.all([
    db.execute<{ key: number; station_id: number; steps: number; first_attempts: number; first_pass: number; good: number; scrap: number; rework: number; ideal: number }>(sql`
      select ${stationKey} as key, r.station_id,
        coalesce(sum(r.steps) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as steps,
        coalesce(sum(r.first_attempts) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as first_attempts,
        coalesce(sum(r.first_pass) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as first_pass,
        coalesce(sum(r.good) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as good,
        coalesce(sum(r.scrap) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as scrap,
        coalesce(sum(r.rework) filter (where ${partCondition(scope, sql`r.part_revision_id`)}), 0)::float8 as rework,
        coalesce(sum(r.ideal_seconds), 0)::float8 as ideal
      from kpi_station_hourly r
      join stations st on st.id = r.station_id
      where ${rangeOf(scope, sql`r.hour`)} and ${stationIds}
      group by 1, 2`),
    isStationScope
      ? Promise.resolve([])
      : db.execute<{ key: number; finished: number; good: number; first_pass: number; scrapped: number; reworked: number }>(sql`
      select ${keyOf(groupBy, scope, sql`r.hour`, sql`r.line_id`)} as key,
        sum(r.finished)::float8 as finished, sum(r.good)::float8 as good, sum(r.first_pass)::float8 as first_pass,
        sum(r.scrapped)::float8 as scrapped, sum(r.reworked)::float8 as reworked
      from kpi_unit_hourly r
      where ${rangeOf(scope, sql`r.hour`)} and r.line_id = any(${pgArray(scopeLineIds(scope))}::int[]) and ${partCondition(scope, sql`r.part_revision_id`)}
      group by 1`),
    db.execute<{ key: number; state: StationState; seconds: number; starts: number }>(sql`
      select ${stationKey} as key, r.state, sum(r.seconds)::float8 as seconds, sum(r.starts)::float8 as starts
      from kpi_state_hourly r
      join stations st on st.id = r.station_id
      where ${rangeOf(scope, sql`r.hour`)} and ${stationIds}
      group by 1, 2`),
  ]);

  const totals = new Map<number, KpiTotals>();
  const get = (key: number) => {
    let t = totals.get(key);
    if (!t) {
      const hours = groupBy === "bucket" ? bucketHours(scope, key) : elapsedHours(scope.window, scope.now);
      t = emptyTotals(hours, isSingleLine, !isStationScope);
      totals.set(key, t);
    }
    return t;
  };
  for (const r of stationRows) {
    const t = get(Number(r.key));
    t.stations.set(r.station_id, { steps: r.steps, firstAttempts: r.first_attempts, firstPass: r.first_pass, good: r.good, scrap: r.scrap, rework: r.rework });
    t.idealSeconds += r.ideal;
  }
  for (const r of unitRows) {
    const t = get(Number(r.key));
    t.units = { finished: r.finished, good: r.good, firstPass: r.first_pass, scrapped: r.scrapped, reworked: r.reworked };
  }
  for (const r of stateRows) {
    const t = get(Number(r.key));
    t.stateSeconds[r.state] = (t.stateSeconds[r.state] ?? 0) + r.seconds;
    if (r.state === "DOWN") t.downStarts += r.starts;
  }
  return totals;
}

function describeScope(scope: KpiScope) {
  return {
    window: { from: scope.window.from, to: scope.window.to, label: scope.window.label, bucket: scope.window.bucket, timeZone: scope.window.timeZone },
    line: scope.line ? { code: scope.line.code, name: scope.line.name } : null,
    station: scope.station ? { code: scope.station.code, name: scope.station.name } : null,
    part: scope.part,
    /** Figures taken from station state time ignore the part filter: a station's state belongs to no part. */
    isPartFiltered: scope.part !== null,
  };
}

/** What a filter resolves to (window, line, station, part); rejects a bad filter with a clear message. */
export async function describeKpiScope(db: DbOrTx, filter: KpiFilter, now = new Date()) {
  return describeScope(await resolveScope(db, filter, now));
}

/** The headline figures for the filter, plus the ECR cycle time over the same window. */
export async function getKpiSummary(db: DbOrTx, filter: KpiFilter, now = new Date()) {
  const scope = await resolveScope(db, filter, now);
  const [totals, ecr] = await Promise.all([
    loadTotals(db, scope, "total"),
    getEcrCycleTime(db, { from: scope.window.from, to: scope.window.to, partNumber: scope.part?.partNumber }),
  ]);
  const figures = computeKpis(totals.get(0) ?? emptyTotals(elapsedHours(scope.window, now), scope.lines.length === 1, scope.station === null));
  return { scope: describeScope(scope), figures, ecrCycleTime: { count: ecr.count, meanDays: ecr.meanDays, medianDays: ecr.medianDays } };
}

/** Figures per hour (a day or less) or per plant day, oldest first. */
export async function getKpiTrend(db: DbOrTx, filter: KpiFilter, now = new Date()) {
  const scope = await resolveScope(db, filter, now);
  const totals = await loadTotals(db, scope, "bucket");
  const points = [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, t]) => {
      const f = computeKpis(t);
      return { at: new Date(key * 1000), firstPassYield: f.firstPassYield, oee: f.oee, availability: f.availability, performance: f.performance, quality: f.quality, scrapRatio: f.scrapRatio, throughput: f.throughput, good: f.counts.good };
    });
  return { bucket: scope.window.bucket, timeZone: scope.window.timeZone, points };
}

/** Every line side by side for the window and part (the line and station filters do not apply here). */
export async function getLineComparison(db: DbOrTx, filter: KpiFilter, now = new Date()) {
  const scope = await resolveScope(db, { ...filter, line: undefined, station: undefined }, now);
  const totals = await loadTotals(db, scope, "line");
  return scope.allLines.map((line) => {
    const f = computeKpis(totals.get(line.id) ?? emptyTotals(elapsedHours(scope.window, now), true, true));
    return { code: line.code, name: line.name, ...f };
  });
}

function withCumulative<T extends { value: number }>(rows: T[]) {
  const total = rows.reduce((a, r) => a + r.value, 0);
  let running = 0;
  return rows.map((r) => {
    running += r.value;
    return { ...r, cumulativeShare: total > 0 ? running / total : 0 };
  });
}

/** Top failure operations, downtime reasons and out-of-limit measurements: the three Paretos. */
export async function getKpiParetos(db: DbOrTx, filter: KpiFilter, now = new Date(), limit = 10) {
  const scope = await resolveScope(db, filter, now);
  const stations = stationCondition(scope);
  const [operations, downtime, measurements] = await Promise.all([
    db.execute<{ operation_code: string; station_code: string; station_name: string; value: number; attempts: number }>(sql`
      select r.operation_code, st.code as station_code, st.name as station_name,
        sum(r.first_attempts - r.first_pass)::float8 as value, sum(r.first_attempts)::float8 as attempts
      from kpi_station_hourly r join stations st on st.id = r.station_id
      where ${rangeOf(scope, sql`r.hour`)} and ${stations} and ${partCondition(scope, sql`r.part_revision_id`)}
      group by 1, 2, 3 having sum(r.first_attempts - r.first_pass) > 0
      order by value desc, 1 limit ${limit}`),
    db.execute<{ label: string; value: number; events: number }>(sql`
      select coalesce(dr.name, nullif(r.reported_reason, ''), 'Unclassified') as label,
        sum(r.seconds)::float8 as value, sum(r.starts)::float8 as events
      from kpi_state_hourly r left join downtime_reasons dr on dr.id = r.downtime_reason_id
      where ${rangeOf(scope, sql`r.hour`)} and ${stations} and r.state = 'DOWN'
      group by 1 order by value desc, 1 limit ${limit}`),
    db.execute<{ operation_code: string; name: string; value: number }>(sql`
      select r.operation_code, r.name, sum(r.failures)::float8 as value
      from kpi_defect_hourly r
      where ${rangeOf(scope, sql`r.hour`)} and ${stations} and ${partCondition(scope, sql`r.part_revision_id`)}
      group by 1, 2 order by value desc, 1, 2 limit ${limit}`),
  ]);
  return {
    operations: withCumulative(operations.map((r) => ({ label: `${r.operation_code} · ${r.station_code}`, operationCode: r.operation_code, stationCode: r.station_code, stationName: r.station_name, value: r.value, attempts: r.attempts }))),
    downtime: withCumulative(downtime.map((r) => ({ label: r.label, value: r.value, events: r.events }))),
    measurements: withCumulative(measurements.map((r) => ({ label: `${r.name} (${r.operation_code})`, operationCode: r.operation_code, name: r.name, value: r.value }))),
  };
}
