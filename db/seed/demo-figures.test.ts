import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getLineComparison } from "@/server/kpis/kpis";
import { getTelemetrySeries } from "@/server/lines/telemetry";
import { openTestDb } from "@/server/testing/database";
import { getAsBuiltRecord } from "@/server/traceability/as-built-record";

import { lineDefs } from "./factory";
import { seedDatabase } from "./index";

const DAY = 24 * 3600_000;

/** The default demo, as `npm start` loads it, read through the KPI code the portal shows. */
describe("demo factory figures", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const now = new Date();

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { now });
  }, 300_000);
  afterAll(async () => t?.close());

  it.each([
    { window: "week" as const },
    { window: "custom" as const, from: new Date(now.getTime() - 29 * DAY).toISOString(), to: now.toISOString() },
  ])("reports OEE, its elements and throughput per line as a real assembly line does ($window)", async (filter) => {
    const lines = await getLineComparison(t.db, filter, now);
    expect(lines.map((l) => l.code)).toEqual(lineDefs.map((l) => l.code));
    for (const line of lines) {
      const def = lineDefs.find((l) => l.code === line.code)!;
      const idealPerHour = 3600 / Math.max(...def.stations.map((s) => s.idealCycleSeconds));
      const figures = { oee: line.oee, availability: line.availability, performance: line.performance, quality: line.quality, throughputShare: (line.throughput ?? 0) / idealPerHour };
      expect(figures.oee, line.code).toBeGreaterThan(0.55);
      expect(figures.oee, line.code).toBeLessThan(0.85);
      expect(figures.availability, line.code).toBeGreaterThan(0.75);
      expect(figures.availability, line.code).toBeLessThan(0.97);
      expect(figures.performance, line.code).toBeGreaterThan(0.7);
      expect(figures.performance, line.code).toBeLessThan(0.95);
      expect(figures.quality, line.code).toBeGreaterThan(0.95);
      expect(figures.quality, line.code).toBeLessThan(1);
      // Good units per hour of the window, nights and breaks included: below the slowest station's ideal rate, not far below.
      expect(figures.throughputShare, line.code).toBeGreaterThan(0.55);
      expect(figures.throughputShare, line.code).toBeLessThan(0.9);
      expect(line.throughput, line.code).toBeCloseTo(def.targetPerHour, -1);
    }
  });

  it("has telemetry on every station for every day of the history, and signals for every step of a unit built weeks ago", async () => {
    const stations = await t.sql<{ id: number }[]>`select id from stations`;
    const { series } = await getTelemetrySeries(t.db, { stationIds: stations.map((s) => s.id), from: new Date(now.getTime() - 30 * DAY), to: now, maxPoints: 30 });
    const metrics = lineDefs.flatMap((l) => l.stations.flatMap((s) => s.metrics));
    expect(series).toHaveLength(metrics.length);
    for (const s of series) expect(s.points.length, s.metric).toBeGreaterThanOrEqual(30);

    const [old] = await t.sql<{ serial: string }[]>`
      select serial from units where serial like 'CP40-%' and status = 'complete' and started_at < ${new Date(now.getTime() - 20 * DAY).toISOString()}::timestamptz order by started_at desc limit 1`;
    const record = await getAsBuiltRecord(t.db, old!.serial);
    expect(record.steps.length).toBeGreaterThanOrEqual(6);
    for (const step of record.steps) expect(step.telemetry.length, step.operationCode).toBeGreaterThan(0);
  });
});
