import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

export interface TelemetrySeries {
  metricId: number;
  metric: string;
  unit: string | null;
  points: { t: Date; min: number; avg: number; max: number }[];
}

/**
 * Telemetry of stations over a window, downsampled on the server into at most
 * `maxPoints` time buckets per series (min/avg/max per bucket), so a week of
 * 1 Hz data costs the browser what an hour does.
 */
export async function getTelemetrySeries(db: DbOrTx, input: { stationIds: number[]; from: Date; to: Date; maxPoints: number }) {
  const spanSeconds = Math.max(1, (input.to.getTime() - input.from.getTime()) / 1000);
  const bucketSeconds = Math.max(1, Math.ceil(spanSeconds / input.maxPoints));
  const rows = await db.execute<{ station_id: number; metric_id: number; name: string; unit: string | null; bucket: string; min: number; avg: number; max: number }>(sql`
    select b.station_id, b.metric_id, m.name, m.unit, b.bucket, b.min, b.avg, b.max
    from (
      select station_id, metric_id, date_bin(make_interval(secs => ${bucketSeconds}), ts, ${input.from.toISOString()}::timestamptz) as bucket,
        min(value) as min, avg(value) as avg, max(value) as max
      from telemetry_samples
      where station_id = any(${sql.param(input.stationIds)}::int[]) and ts >= ${input.from.toISOString()}::timestamptz and ts < ${input.to.toISOString()}::timestamptz
      group by 1, 2, 3
    ) b
    join telemetry_metrics m on m.id = b.metric_id
    order by b.station_id, m.name, b.bucket`);
  const byKey = new Map<string, TelemetrySeries & { stationId: number }>();
  for (const r of rows) {
    const key = `${r.station_id}/${r.metric_id}`;
    let series = byKey.get(key);
    if (!series) {
      series = { stationId: r.station_id, metricId: r.metric_id, metric: r.name, unit: r.unit, points: [] };
      byKey.set(key, series);
    }
    series.points.push({ t: new Date(r.bucket), min: r.min, avg: r.avg, max: r.max });
  }
  return { bucketSeconds, series: [...byKey.values()] };
}

/** The newest value of each metric of each station within the last `withinMinutes`. */
export async function getLatestTelemetry(db: DbOrTx, stationIds: number[], withinMinutes = 60) {
  if (stationIds.length === 0) return [];
  const rows = await db.execute<{ station_id: number; name: string; unit: string | null; ts: string; value: number }>(sql`
    select s.station_id, m.name, m.unit, s.ts, s.value
    from telemetry_metrics m
    cross join unnest(${sql.param(stationIds)}::int[]) as st(id)
    cross join lateral (
      select station_id, ts, value from telemetry_samples
      where station_id = st.id and metric_id = m.id and ts > now() - make_interval(mins => ${withinMinutes})
      order by ts desc limit 1
    ) s
    order by s.station_id, m.name`);
  return rows.map((r) => ({ stationId: r.station_id, metric: r.name, unit: r.unit, ts: new Date(r.ts), value: r.value }));
}
