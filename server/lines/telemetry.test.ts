import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";

import { getTelemetrySeries } from "./telemetry";

describe("telemetry downsampling", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const from = new Date("2026-11-10T00:00:00Z");
  const to = new Date(from.getTime() + 1_000_000 * 1000);

  beforeAll(async () => {
    t = await openTestDb();
    await t.sql`insert into telemetry_metrics (id, name, unit) select m, 'metric_' || m, 'u' from generate_series(1, 10) m`;
    // Ten metrics over 11.6 days, a sample every 10 s (a million samples for one station, a hundred
    // per 1000-s bucket), at 1 Hz for the first ten minutes: the short window reads those raw.
    await t.sql`insert into telemetry_samples (station_id, metric_id, ts, value)
      select 1, m, ${from.toISOString()}::timestamptz + make_interval(secs => s), sin(s / 3600.0) * m
      from generate_series(1, 10) m, (select generate_series(0, 599) union all select generate_series(600, 999999, 10)) as seconds(s)`;
  }, 300_000);
  afterAll(async () => t.close());

  it("returns at most the requested number of points per series, whatever the window holds", async () => {
    const { bucketSeconds, series } = await getTelemetrySeries(t.db, { stationIds: [1], from, to, maxPoints: 1000 });
    expect(series).toHaveLength(10);
    expect(bucketSeconds).toBe(1000);
    for (const s of series) {
      expect(s.points.length).toBeLessThanOrEqual(1000);
      expect(s.points.length).toBeGreaterThan(990);
    }
  });

  it("keeps each bucket's extremes, so a spike is not averaged away", async () => {
    await t.sql`update telemetry_samples set value = 1e6 where station_id = 1 and metric_id = 3 and ts = ${new Date(from.getTime() + 500_120_000).toISOString()}::timestamptz`;
    const { series } = await getTelemetrySeries(t.db, { stationIds: [1], from, to, maxPoints: 1000 });
    const metric3 = series.find((s) => s.metric === "metric_3");
    expect(Math.max(...(metric3?.points.map((p) => p.max) ?? []))).toBe(1e6);
    expect(Math.max(...(metric3?.points.map((p) => p.avg) ?? []))).toBeLessThan(1e6);
  });

  it("returns raw resolution for a short window", async () => {
    const shortTo = new Date(from.getTime() + 600_000);
    const { bucketSeconds, series } = await getTelemetrySeries(t.db, { stationIds: [1], from, to: shortTo, maxPoints: 1000 });
    expect(bucketSeconds).toBe(1);
    expect(series[0]?.points).toHaveLength(600);
  });
});
