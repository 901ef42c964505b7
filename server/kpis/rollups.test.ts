import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Db } from "@/db";
import { seedDatabase } from "@/db/seed";
import { createRandom } from "@/db/seed/random";
import { openTestDb } from "@/server/testing/database";

import { refreshKpiRollups } from "./rollups";

const HOUR = 3600_000;

/**
 * The rollups computed the slow, obvious way: every table in one pass over all
 * raw history, no dirty hours. Rows are sorted and seconds rounded so they compare exactly.
 */
async function rawRollups(db: Db, now: Date) {
  const n = now.toISOString();
  const rows = async (query: ReturnType<typeof sql>) => (await db.execute(query)).map((r) => JSON.stringify(r)).sort();
  return {
    station: await rows(sql`
      select extract(epoch from date_trunc('hour', s.ended_at, 'UTC'))::int as hour, s.station_id, u.part_revision_id, s.operation_code,
        count(*)::int as steps, count(*) filter (where s.attempt = 1)::int as first_attempts, count(*) filter (where s.attempt = 1 and s.result = 'PASS')::int as first_pass,
        count(*) filter (where s.result = 'PASS')::int as good, count(*) filter (where s.result = 'SCRAP')::int as scrap, count(*) filter (where s.result = 'FAIL')::int as rework,
        round(coalesce(sum(st.ideal_cycle_seconds) filter (where exists (
          select 1 from station_state_intervals i
          where i.station_id = s.station_id and i.started_at < date_trunc('hour', s.ended_at, 'UTC') + interval '1 hour'
            and coalesce(i.ended_at, ${n}::timestamptz) > date_trunc('hour', s.ended_at, 'UTC'))), 0)::numeric, 3)::text as ideal
      from process_steps s join units u on u.id = s.unit_id join stations st on st.id = s.station_id group by 1, 2, 3, 4`),
    units: await rows(sql`
      select extract(epoch from date_trunc('hour', u.completed_at, 'UTC'))::int as hour,
        coalesce(wo.line_id, (select st.line_id from process_steps s join stations st on st.id = s.station_id where s.unit_id = u.id order by s.started_at limit 1)) as line_id,
        u.part_revision_id, count(*)::int as finished, count(*) filter (where u.status <> 'scrapped')::int as good,
        count(*) filter (where not exists (select 1 from process_steps s where s.unit_id = u.id and (s.attempt > 1 or s.result <> 'PASS')))::int as first_pass,
        count(*) filter (where u.status = 'scrapped')::int as scrapped,
        count(*) filter (where exists (select 1 from process_steps s where s.unit_id = u.id and s.attempt > 1))::int as reworked
      from units u left join work_orders wo on wo.id = u.work_order_id where u.completed_at is not null group by 1, 2, 3`),
    states: await rows(sql`
      select extract(epoch from h)::int as hour, i.station_id, i.state, coalesce(i.downtime_reason_id, 0) as reason_id, coalesce(i.reported_reason, '') as reported,
        round(sum(extract(epoch from least(coalesce(i.ended_at, ${n}::timestamptz), h + interval '1 hour') - greatest(i.started_at, h)))::numeric, 3)::text as seconds,
        count(*) filter (where i.started_at >= h)::int as starts
      from station_state_intervals i
      cross join lateral generate_series(date_trunc('hour', i.started_at, 'UTC'), coalesce(i.ended_at, ${n}::timestamptz) - interval '1 microsecond', interval '1 hour') as h
      where coalesce(i.ended_at, ${n}::timestamptz) > i.started_at
      group by 1, 2, 3, 4, 5`),
    defects: await rows(sql`
      select extract(epoch from date_trunc('hour', s.ended_at, 'UTC'))::int as hour, s.station_id, u.part_revision_id, s.operation_code, m.name, count(*)::int as failures
      from process_steps s join measurements m on m.step_id = s.id and not m.is_pass join units u on u.id = s.unit_id group by 1, 2, 3, 4, 5`),
  };
}

async function storedRollups(db: Db) {
  const rows = async (query: ReturnType<typeof sql>) => (await db.execute(query)).map((r) => JSON.stringify(r)).sort();
  return {
    station: await rows(sql`
      select extract(epoch from hour)::int as hour, station_id, part_revision_id, operation_code, steps, first_attempts, first_pass, good, scrap, rework,
        round(ideal_seconds::numeric, 3)::text as ideal from kpi_station_hourly`),
    units: await rows(sql`select extract(epoch from hour)::int as hour, line_id, part_revision_id, finished, good, first_pass, scrapped, reworked from kpi_unit_hourly`),
    states: await rows(sql`
      select extract(epoch from hour)::int as hour, station_id, state, downtime_reason_id as reason_id, reported_reason as reported,
        round(seconds::numeric, 3)::text as seconds, starts from kpi_state_hourly where seconds > 0 or starts > 0`),
    defects: await rows(sql`select extract(epoch from hour)::int as hour, station_id, part_revision_id, operation_code, name, failures from kpi_defect_hourly`),
  };
}

describe("KPI rollups", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const now = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 20 * 60_000);

  beforeAll(async () => {
    t = await openTestDb("kpi_rollups");
    await seedDatabase(t.sql, { units: 400 });
  });
  afterAll(async () => t.close());

  it("equal the raw computation once the seed's refresh has run", async () => {
    await refreshKpiRollups(t.db, { now });
    expect(await storedRollups(t.db)).toEqual(await rawRollups(t.db, now));
  });

  it("stay equal to the raw computation after random inserts and updates, in any hour", async () => {
    const random = createRandom(6_2026);
    const stations = await t.db.execute<{ id: number; line_id: number }>(sql`select id, line_id from stations order by id`);
    const revisions = await t.db.execute<{ id: number }>(sql`select id from part_revisions order by id`);
    const workOrders = await t.db.execute<{ id: number; line_id: number }>(sql`select id, line_id from work_orders order by id`);
    const [span] = await t.db.execute<{ first: string; last: string }>(sql`select min(started_at)::text as first, max(ended_at)::text as last from process_steps`);
    const first = new Date(span?.first ?? 0).getTime();
    const last = now.getTime();
    const at = () => new Date(first + random.next() * (last - first));
    let serial = 0;

    for (let round = 0; round < 4; round++) {
      // New units, some without a work order, some still in progress, with failures, rework, scrap and out-of-limit measurements.
      for (let i = 0; i < 25; i++) {
        const started = at();
        const wo = random.chance(0.7) ? random.pick(workOrders) : null;
        const [unit] = await t.db.execute<{ id: number }>(sql`
          insert into units (serial, part_revision_id, work_order_id, status, started_at)
          values (${`PROP-${round}-${++serial}`}, ${random.pick(revisions).id}, ${wo?.id ?? null}, 'in_progress', ${started.toISOString()}::timestamptz) returning id`);
        let cursor = started.getTime();
        let status = "complete";
        const steps = random.int(1, 4);
        for (let s = 0; s < steps && status === "complete"; s++) {
          const station = random.pick(stations);
          for (let attempt = 1; ; attempt++) {
            const result = random.chance(0.75) ? "PASS" : attempt >= 2 ? "SCRAP" : "FAIL";
            const begin = cursor + random.int(1, 90) * 60_000;
            cursor = begin + random.int(30, 600) * 1000;
            const [step] = await t.db.execute<{ id: number }>(sql`
              insert into process_steps (unit_id, operation_code, station_id, started_at, ended_at, result, attempt)
              values (${unit?.id}, ${`OP${s}`}, ${station.id}, ${new Date(begin).toISOString()}::timestamptz, ${new Date(cursor).toISOString()}::timestamptz, ${result}, ${attempt}) returning id`);
            await t.db.execute(sql`insert into measurements (step_id, name, value, lsl, usl, is_pass) values (${step?.id}, ${`char_${s}`}, 1, 0, 2, ${result === "PASS"})`);
            if (result === "SCRAP") status = "scrapped";
            if (result !== "FAIL") break;
          }
        }
        if (random.chance(0.8)) {
          await t.db.execute(sql`update units set status = ${status}::unit_status, completed_at = ${new Date(cursor).toISOString()}::timestamptz where id = ${unit?.id}`);
        }
      }
      // A measurement recorded late against an old step, out of its limits.
      await t.db.execute(sql`
        insert into measurements (step_id, name, value, lsl, usl, is_pass)
        select id, 'late_check', 9, 0, 1, false from process_steps order by (id * ${round + 3}) % 97, id limit 2`);
      // Quality scraps finished units of the seed, in old hours.
      await t.db.execute(sql`
        update units set status = 'scrapped' where id in (select id from units where status = 'complete' order by (id * ${round + 7}) % 101 limit 5)`);
      // Late state reports and supervisors classifying downtime.
      for (let i = 0; i < 10; i++) {
        const begin = at();
        const end = new Date(begin.getTime() + random.int(1, 180) * 60_000);
        await t.db.execute(sql`
          insert into station_state_intervals (station_id, state, started_at, ended_at, reported_reason)
          values (${random.pick(stations).id}, ${random.pick(["RUNNING", "DOWN", "IDLE", "SETUP", "PLANNED_STOP"])}::station_state, ${begin.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, ${random.chance(0.5) ? "PART_JAM" : null})
          on conflict do nothing`);
      }
      await t.db.execute(sql`
        update station_state_intervals set downtime_reason_id = (select min(id) from downtime_reasons)
        where id in (select id from station_state_intervals where state = 'DOWN' and downtime_reason_id is null order by id limit 3)`);
      // A station's open interval closes and the next one opens.
      const [open] = await t.db.execute<{ id: number; station_id: number; started_at: string }>(sql`
        select id, station_id, started_at::text from station_state_intervals where ended_at is null order by id limit 1`);
      if (open) {
        const closeAt = new Date(Math.min(now.getTime() - 60_000, new Date(open.started_at).getTime() + 30 * 60_000));
        await t.db.execute(sql`update station_state_intervals set ended_at = ${closeAt.toISOString()}::timestamptz where id = ${open.id}`);
        await t.db.execute(sql`insert into station_state_intervals (station_id, state, started_at) values (${open.station_id}, 'RUNNING', ${closeAt.toISOString()}::timestamptz)`);
      }

      // Small chunks on purpose: several transactions per refresh.
      await refreshKpiRollups(t.db, { now, chunkHours: 1 + round * 20 });
      expect(await storedRollups(t.db), `after round ${round + 1}`).toEqual(await rawRollups(t.db, now));
    }
  });

  it("is idempotent: a second run only revisits the hour open intervals grow in, and a rebuild from scratch gives the same rows", async () => {
    await refreshKpiRollups(t.db, { now });
    const before = await storedRollups(t.db);
    expect((await refreshKpiRollups(t.db, { now })).hours).toBe(1);
    expect(await storedRollups(t.db)).toEqual(before);

    for (const table of ["kpi_station_hourly", "kpi_unit_hourly", "kpi_state_hourly", "kpi_defect_hourly"]) await t.db.execute(sql`delete from ${sql.identifier(table)}`);
    await t.db.execute(sql`
      insert into kpi_dirty_hours (hour)
      select generate_series(date_trunc('hour', min(started_at), 'UTC'), ${now.toISOString()}::timestamptz, interval '1 hour') from station_state_intervals
      union select date_trunc('hour', ended_at, 'UTC') from process_steps
      union select date_trunc('hour', completed_at, 'UTC') from units where completed_at is not null`);
    const progress: string[] = [];
    await refreshKpiRollups(t.db, { now, chunkHours: 4, onProgress: (m) => progress.push(m) });
    expect(await storedRollups(t.db)).toEqual(before);
    expect(progress.at(-1)).toMatch(/KPI rollups: ([\d,]+) \/ \1 hours/);
  });

  it("marks the hours of an interval reaching years ahead only as time reaches them, not all at once", async () => {
    const [station] = await t.db.execute<{ id: number }>(sql`select id from stations order by id limit 1`);
    const start = new Date(now.getTime() + 2 * HOUR);
    const later = new Date(now.getTime() + 3 * 24 * HOUR);
    // No open interval elsewhere marks the hours to come.
    await t.db.execute(sql`update station_state_intervals set ended_at = greatest(started_at, ${now.toISOString()}::timestamptz) where ended_at is null`);
    await refreshKpiRollups(t.db, { now });
    // A clock five years off, past the ingest worker's time window (an import, a hand edit): one row per hour would be 43,800 rows.
    await t.db.execute(sql`
      insert into station_state_intervals (station_id, state, started_at, ended_at)
      values (${station?.id}, 'PLANNED_STOP', ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz + interval '5 years')`);
    const [dirty] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from kpi_dirty_hours where hour > now() + interval '25 hours'`);
    expect(dirty?.n).toBe(0);

    await refreshKpiRollups(t.db, { now: later });
    const [hour] = await t.db.execute<{ seconds: number }>(sql`
      select seconds from kpi_state_hourly where station_id = ${station?.id} and state = 'PLANNED_STOP' and hour = ${new Date(Math.floor(later.getTime() / HOUR) * HOUR - 3 * HOUR).toISOString()}::timestamptz`);
    expect(hour?.seconds).toBe(3600);
  });
});
