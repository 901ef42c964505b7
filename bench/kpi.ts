/**
 * npm run bench:kpi -- [--units 1000000] [--rounds 10]
 *
 * A fresh database of its own, seeded with --units; then the KPI rollups are
 * rebuilt from scratch (the catch-up after a bulk import, timed), then the
 * KPI page's queries for a 30-day window are run as the page runs them (in
 * parallel, through the tRPC router) for four filters, --rounds times each.
 * The last line is one JSON object.
 */
import { parseArgs } from "node:util";

import { sql } from "drizzle-orm";

import { createDb, createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { refreshKpiRollups } from "@/server/kpis/rollups";
import { createTestDatabase } from "@/server/testing/database";

import { percentile, round1 } from "./stats";

const { values } = parseArgs({ options: { units: { type: "string", default: "1000000" }, rounds: { type: "string", default: "10" } } });
const units = Number(values.units);
const rounds = Number(values.rounds);
if (!Number.isInteger(units) || units < 100) throw new Error("--units must be a whole number of at least 100");
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a positive whole number");


const database = await createTestDatabase("kpi_bench");
const client = createSqlClient(database.url, { max: 10 });
const db = createDb(client);
try {
  console.log(`database ${database.name}; seeding ${units.toLocaleString("en")} units`);
  const seedStarted = Date.now();
  await seedDatabase(client, { units, onProgress: (m) => console.log(m) });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  console.log(`seeded in ${round1(seedSeconds)} s (the seed refreshes the rollups at its end)`);

  // The bulk-import case: every hour of history is stale at once.
  await db.execute(sql`truncate kpi_station_hourly, kpi_unit_hourly, kpi_state_hourly, kpi_defect_hourly, kpi_dirty_hours, kpi_refresh_state`);
  await db.execute(sql`
    insert into kpi_dirty_hours (hour)
    select date_trunc('hour', ended_at, 'UTC') from process_steps
    union select date_trunc('hour', completed_at, 'UTC') from units where completed_at is not null
    union select generate_series(date_trunc('hour', min(started_at), 'UTC'), now(), interval '1 hour') from station_state_intervals`);
  const catchUp = await refreshKpiRollups(db, { onProgress: (m) => console.log(m) });
  console.log(`rollup catch-up: ${catchUp.hours.toLocaleString("en")} hours in ${round1(catchUp.seconds)} s`);
  await db.execute(sql`analyze kpi_station_hourly, kpi_unit_hourly, kpi_state_hourly, kpi_defect_hourly`);
  const [rollupRows] = await db.execute<{ n: number }>(sql`
    select (select count(*) from kpi_station_hourly) + (select count(*) from kpi_unit_hourly) + (select count(*) from kpi_state_hourly) + (select count(*) from kpi_defect_hourly) as n`);

  const [viewer] = await db.execute<{ id: number; name: string; email: string }>(sql`select id, name, email from users where role = 'viewer' limit 1`);
  if (!viewer) throw new Error("the seed made no viewer");
  const caller = createCaller({ db, user: { ...viewer, role: "viewer" } });
  const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600_000).toISOString().slice(0, 10);
  const window = { window: "custom" as const, from: day(-29), to: day(0) };
  const filters = [{ ...window }, { ...window, line: "P1" }, { ...window, station: "P1-050" }, { ...window, part: "CP40-ASM" }];
  const perProcedure: Record<string, number[]> = { summary: [], trend: [], lines: [], paretos: [] };
  const page: number[] = [];
  const timed = async <T>(name: string, call: () => Promise<T>) => {
    const started = performance.now();
    const result = await call();
    perProcedure[name]?.push(performance.now() - started);
    return result;
  };
  for (let r = -1; r < rounds; r++) {
    for (const filter of filters) {
      const started = performance.now();
      await Promise.all([
        caller.kpis.filterOptions(),
        timed("summary", () => caller.kpis.summary(filter)),
        timed("trend", () => caller.kpis.trend(filter)),
        timed("lines", () => caller.kpis.lines(filter)),
        timed("paretos", () => caller.kpis.paretos(filter)),
      ]);
      // Round -1 warms caches and plans; it is not counted.
      if (r >= 0) page.push(performance.now() - started);
      else for (const samples of Object.values(perProcedure)) samples.length = 0;
    }
  }
  console.log(`KPI page, 30-day window (${page.length} loads over ${filters.length} filters):`);
  console.log(`  whole page p50 ${round1(percentile(page, 50))} ms, p95 ${round1(percentile(page, 95))} ms, max ${round1(Math.max(...page))} ms`);
  for (const [name, samples] of Object.entries(perProcedure)) console.log(`  kpis.${name.padEnd(8)} p50 ${round1(percentile(samples, 50))} ms, p95 ${round1(percentile(samples, 95))} ms`);
  console.log(
    JSON.stringify({
      bench: "kpi",
      units,
      page_p95_ms: round1(percentile(page, 95)),
      page_p50_ms: round1(percentile(page, 50)),
      rollup_catchup_s: round1(catchUp.seconds),
      rollup_hours: catchUp.hours,
      rollup_rows: Number(rollupRows?.n ?? 0),
      seed_s: round1(seedSeconds),
    }),
  );
} finally {
  await client.end();
  await database.drop();
}
