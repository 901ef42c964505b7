import { sql } from "drizzle-orm";

import type { Db } from "@/db";

import { pgArray } from "./sql-array";

const HOUR_MS = 3600_000;
/** Two refreshers (worker and seed, say) take turns per chunk instead of racing on the same hours. */
const REFRESH_LOCK = 7_406_006;

export interface RefreshOptions {
  /** Open state intervals count up to this instant. */
  now?: Date;
  /** Hours recomputed per transaction: bigger is faster for a bulk catch-up, smaller holds locks for less. */
  chunkHours?: number;
  onProgress?: (message: string) => void;
}

export interface RefreshResult {
  hours: number;
  seconds: number;
}

function toDate(value: unknown) {
  return value instanceof Date ? value : new Date(String(value));
}

/**
 * Brings the hourly KPI rollups up to date: recomputes every hour the
 * triggers marked dirty (and the hours open state intervals grew into since
 * the last run). Idempotent: an hour is always rebuilt from its records, never
 * incremented, so running it twice or concurrently gives the same rows.
 */
export async function refreshKpiRollups(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  const now = options.now ?? new Date();
  const chunkHours = options.chunkHours ?? 24 * 7;
  const log = options.onProgress ?? (() => {});
  const started = Date.now();

  // A BRIN index ignores page ranges it has not summarised yet, which after a bulk load is nearly all of them.
  await db.execute(sql`select brin_summarize_new_values('process_steps_ended_brin_idx'::regclass)`);
  await markIntervalHoursSince(db, now);
  const [pending] = await db.execute<{ n: number }>(sql`select count(distinct hour)::int as n from kpi_dirty_hours`);
  const total = pending?.n ?? 0;
  if (total > chunkHours) log(`KPI rollups: ${total.toLocaleString("en")} hours to recompute`);

  let done = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
      const dirty = await tx.execute<{ hour: unknown; ids: string }>(sql`
        select hour, array_agg(id)::text as ids from kpi_dirty_hours group by hour order by hour limit ${chunkHours}`);
      const first = dirty[0];
      if (!first) return 0;
      // One contiguous span per chunk, so the range scans below stay narrow.
      const spanEnd = toDate(first.hour).getTime() + chunkHours * HOUR_MS;
      const picked = dirty.filter((d) => toDate(d.hour).getTime() < spanEnd);
      const hours = picked.map((d) => toDate(d.hour).toISOString());
      const ids = picked.flatMap((d) => d.ids.replace(/[{}]/g, "").split(","));
      const from = hours[0] ?? "";
      const to = new Date(toDate(hours[hours.length - 1]).getTime() + HOUR_MS).toISOString();
      await recomputeHours(tx, { hours, from, to, now });
      await tx.execute(sql`delete from kpi_dirty_hours where id = any(${pgArray(ids)}::bigint[])`);
      return picked.length;
    });
    if (count === 0) break;
    done += count;
    if (total > chunkHours) {
      const seconds = (Date.now() - started) / 1000;
      log(`  KPI rollups: ${Math.min(done, total).toLocaleString("en")} / ${total.toLocaleString("en")} hours (${Math.round(done / Math.max(seconds, 0.001))} hours/s)`);
    }
  }
  return { hours: done, seconds: (Date.now() - started) / 1000 };
}

/**
 * An open interval changes no row while it grows, so each refresh marks the
 * hours between the previous refresh and now that such intervals cover; so
 * too for intervals ending after the previous refresh, whose hours more than
 * a day ahead the triggers leave unmarked (migration 0010).
 */
async function markIntervalHoursSince(db: Db, now: Date) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
    const [state] = await tx.execute<{ refreshed_at: unknown }>(sql`select refreshed_at from kpi_refresh_state where id = 1`);
    const since = state ? toDate(state.refreshed_at).toISOString() : null;
    await tx.execute(sql`
      insert into kpi_dirty_hours (hour)
      select distinct generate_series(
        date_trunc('hour', greatest(i.started_at, coalesce(${since}::timestamptz, i.started_at)), 'UTC'),
        date_trunc('hour', least(${now.toISOString()}::timestamptz, coalesce(i.ended_at, ${now.toISOString()}::timestamptz)), 'UTC'),
        interval '1 hour')
      from station_state_intervals i
      where (i.ended_at is null or i.ended_at > coalesce(${since}::timestamptz, i.started_at)) and i.started_at <= ${now.toISOString()}::timestamptz`);
    await tx.execute(sql`
      insert into kpi_refresh_state (id, refreshed_at) values (1, ${now.toISOString()}::timestamptz)
      on conflict (id) do update set refreshed_at = greatest(kpi_refresh_state.refreshed_at, excluded.refreshed_at)`);
  });
}

type Executor = Pick<Db, "execute">;

async function recomputeHours(tx: Executor, chunk: { hours: string[]; from: string; to: string; now: Date }) {
  const hours = sql`${pgArray(chunk.hours)}::timestamptz[]`;
  const from = sql`${chunk.from}::timestamptz`;
  const to = sql`${chunk.to}::timestamptz`;
  const now = sql`${chunk.now.toISOString()}::timestamptz`;
  for (const table of ["kpi_station_hourly", "kpi_unit_hourly", "kpi_state_hourly", "kpi_defect_hourly"]) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where hour = any(${hours})`);
  }

  await tx.execute(sql`
    insert into kpi_state_hourly (hour, station_id, state, downtime_reason_id, reported_reason, seconds, starts)
    select h.hour, i.station_id, i.state, coalesce(i.downtime_reason_id, 0), coalesce(i.reported_reason, ''),
      sum(greatest(0, extract(epoch from least(coalesce(i.ended_at, ${now}), h.hour + interval '1 hour') - greatest(i.started_at, h.hour))))::float8,
      count(*) filter (where i.started_at >= h.hour)::int
    from unnest(${hours}) as h(hour)
    join station_state_intervals i on i.started_at < h.hour + interval '1 hour' and coalesce(i.ended_at, ${now}) > h.hour
    where i.started_at < ${to} and coalesce(i.ended_at, ${now}) > ${from}
    group by 1, 2, 3, 4, 5`);
  await tx.execute(sql`
    insert into kpi_station_hourly (hour, station_id, part_revision_id, operation_code, steps, first_attempts, first_pass, good, scrap, rework, ideal_seconds)
    select date_trunc('hour', s.ended_at, 'UTC'), s.station_id, u.part_revision_id, s.operation_code,
      count(*)::int,
      count(*) filter (where s.attempt = 1)::int,
      count(*) filter (where s.attempt = 1 and s.result = 'PASS')::int,
      count(*) filter (where s.result = 'PASS')::int,
      count(*) filter (where s.result = 'SCRAP')::int,
      count(*) filter (where s.result = 'FAIL')::int,
      sum(st.ideal_cycle_seconds)::float8
    from process_steps s
    join units u on u.id = s.unit_id
    join stations st on st.id = s.station_id
    where s.ended_at >= ${from} and s.ended_at < ${to} and date_trunc('hour', s.ended_at, 'UTC') = any(${hours})
    group by 1, 2, 3, 4`);

  // Performance divides by RUNNING time, so ideal time only counts where the station reported its state that hour.
  await tx.execute(sql`
    update kpi_station_hourly r set ideal_seconds = 0
    where r.hour = any(${hours}) and r.ideal_seconds <> 0
      and not exists (select 1 from kpi_state_hourly x where x.hour = r.hour and x.station_id = r.station_id)`);

  await tx.execute(sql`
    insert into kpi_defect_hourly (hour, station_id, part_revision_id, operation_code, name, failures)
    select date_trunc('hour', s.ended_at, 'UTC'), s.station_id, u.part_revision_id, s.operation_code, m.name, count(*)::int
    from process_steps s
    join measurements m on m.step_id = s.id and not m.is_pass
    join units u on u.id = s.unit_id
    where s.ended_at >= ${from} and s.ended_at < ${to} and date_trunc('hour', s.ended_at, 'UTC') = any(${hours})
    group by 1, 2, 3, 4, 5`);

  // A unit counts on its work order's line; without a work order, on the line of its first step.
  await tx.execute(sql`
    with finished as (
      select u.id, u.part_revision_id, u.status, u.completed_at, wo.line_id
      from units u left join work_orders wo on wo.id = u.work_order_id
      where u.completed_at >= ${from} and u.completed_at < ${to} and date_trunc('hour', u.completed_at, 'UTC') = any(${hours})
    ), history as (
      select s.unit_id,
        bool_or(s.attempt > 1 or s.result <> 'PASS') as has_failure,
        bool_or(s.attempt > 1) as has_rework,
        (array_agg(st.line_id order by s.started_at))[1] as first_line_id
      from process_steps s join finished f on f.id = s.unit_id join stations st on st.id = s.station_id
      group by s.unit_id
    )
    insert into kpi_unit_hourly (hour, line_id, part_revision_id, finished, good, first_pass, scrapped, reworked)
    select date_trunc('hour', f.completed_at, 'UTC'), coalesce(f.line_id, h.first_line_id), f.part_revision_id,
      count(*)::int,
      count(*) filter (where f.status <> 'scrapped')::int,
      count(*) filter (where not coalesce(h.has_failure, false))::int,
      count(*) filter (where f.status = 'scrapped')::int,
      count(*) filter (where coalesce(h.has_rework, false))::int
    from finished f left join history h on h.unit_id = f.id
    where coalesce(f.line_id, h.first_line_id) is not null
    group by 1, 2, 3`);
}
