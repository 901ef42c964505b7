import { sql } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import type { StationState } from "@/db/schema";

import { lossStates, type UnitRecordKind } from "./constants";
import { resolveScope, scopeLineIds, scopeStationIds, type KpiScope } from "./scope";
import { pgArray } from "./sql-array";
import type { KpiFilter } from "./windows";

export const PAGE_SIZE = 50;
/** Exports read whole lists, up to this many rows. */
export const EXPORT_LIMIT = 50_000;


export const pageInput = z.number().int().min(1).max(100_000).default(1);

function range(scope: KpiScope, column: ReturnType<typeof sql>) {
  return sql`${column} >= ${scope.window.from.toISOString()}::timestamptz and ${column} < ${scope.window.to.toISOString()}::timestamptz`;
}

function partCondition(scope: KpiScope, column: ReturnType<typeof sql>) {
  return scope.partRevisionIds === null ? sql`true` : sql`${column} = any(${pgArray(scope.partRevisionIds)}::int[])`;
}

type UnitRow = {
  serial: string;
  part_number: string;
  revision: string;
  line_code: string;
  status: string;
  operation_code: string | null;
  station_code: string | null;
  result: string | null;
  attempt: number | null;
  step_id: number | null;
  at: string | Date;
  total: number;
};

/**
 * The records behind FPY, scrap and rework: for a line scope the units that
 * finished in the window (as the unit rollup counts them), for a station
 * scope that station's steps.
 */
async function queryUnits(db: DbOrTx, scope: KpiScope, kind: UnitRecordKind, limit: number, offset: number) {
  if (scope.station) {
    const condition = kind === "first-pass-failures" ? sql`s.attempt = 1 and s.result <> 'PASS'` : kind === "scrap" ? sql`s.result = 'SCRAP'` : sql`s.result = 'FAIL'`;
    return db.execute<UnitRow>(sql`
      select u.serial, p.part_number, pr.revision, l.code as line_code, u.status, s.operation_code, st.code as station_code, s.result, s.attempt, s.id as step_id, s.ended_at as at,
        count(*) over ()::int as total
      from process_steps s
      join units u on u.id = s.unit_id
      join stations st on st.id = s.station_id
      join lines l on l.id = st.line_id
      join part_revisions pr on pr.id = u.part_revision_id
      join parts p on p.id = pr.part_id
      where s.station_id = ${scope.station.id} and ${range(scope, sql`s.ended_at`)} and ${partCondition(scope, sql`u.part_revision_id`)} and ${condition}
      order by s.ended_at desc, s.id desc
      limit ${limit} offset ${offset}`);
  }
  const step =
    kind === "first-pass-failures"
      ? sql`join lateral (select s.* from process_steps s where s.unit_id = sc.id and (s.attempt > 1 or s.result <> 'PASS') order by s.started_at, s.attempt limit 1) f on true`
      : kind === "rework"
        ? sql`join lateral (select s.* from process_steps s where s.unit_id = sc.id and s.attempt > 1 order by s.started_at limit 1) f on true`
        : sql`left join lateral (select s.* from process_steps s where s.unit_id = sc.id order by s.started_at desc limit 1) f on true`;
  return db.execute<UnitRow>(sql`
    with scoped as (
      select u.id, u.serial, u.status, u.completed_at, u.part_revision_id,
        coalesce(wo.line_id, (select st.line_id from process_steps s join stations st on st.id = s.station_id where s.unit_id = u.id order by s.started_at limit 1)) as line_id
      from units u left join work_orders wo on wo.id = u.work_order_id
      where ${range(scope, sql`u.completed_at`)} and ${partCondition(scope, sql`u.part_revision_id`)}
    )
    select sc.serial, p.part_number, pr.revision, l.code as line_code, sc.status, f.operation_code, fst.code as station_code, f.result, f.attempt, f.id as step_id,
      coalesce(f.ended_at, sc.completed_at) as at, count(*) over ()::int as total
    from scoped sc
    ${step}
    left join stations fst on fst.id = f.station_id
    join lines l on l.id = sc.line_id
    join part_revisions pr on pr.id = sc.part_revision_id
    join parts p on p.id = pr.part_id
    where sc.line_id = any(${pgArray(scopeLineIds(scope))}::int[]) ${kind === "scrap" ? sql`and sc.status = 'scrapped'` : sql``}
    order by sc.completed_at desc, sc.serial
    limit ${limit} offset ${offset}`);
}

export async function listKpiUnits(db: DbOrTx, filter: KpiFilter, kind: UnitRecordKind, page = 1, now = new Date(), pageSize = PAGE_SIZE) {
  const scope = await resolveScope(db, filter, now);
  const rows = await queryUnits(db, scope, kind, pageSize, (page - 1) * pageSize);
  return {
    kind,
    page,
    pageSize,
    total: rows[0]?.total ?? 0,
    window: { from: scope.window.from, to: scope.window.to, label: scope.window.label, timeZone: scope.window.timeZone },
    scopeLabel: scope.station ? `station ${scope.station.code}` : scope.line ? `line ${scope.line.code}` : "all lines",
    rows: rows.map((r) => ({
      serial: r.serial,
      partNumber: r.part_number,
      revision: r.revision,
      lineCode: r.line_code,
      status: r.status,
      operationCode: r.operation_code,
      stationCode: r.station_code,
      result: r.result,
      attempt: r.attempt,
      stepId: r.step_id === null ? null : Number(r.step_id),
      at: new Date(r.at),
    })),
  };
}

/** State intervals behind availability, MTBF and MTTR, with the seconds each overlaps the window. */
export async function listKpiDowntime(db: DbOrTx, filter: KpiFilter, states: readonly StationState[] = lossStates, page = 1, now = new Date(), pageSize = PAGE_SIZE) {
  const scope = await resolveScope(db, filter, now);
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const from = sql`${scope.window.from.toISOString()}::timestamptz`;
  const to = sql`${scope.window.to.toISOString()}::timestamptz`;
  const rows = await db.execute<{ id: number; line_code: string; station_code: string; station_name: string; state: StationState; started_at: string | Date; ended_at: string | Date | null; seconds: number; reported_reason: string | null; reason: string | null; total: number }>(sql`
    select i.id, l.code as line_code, st.code as station_code, st.name as station_name, i.state, i.started_at, i.ended_at,
      greatest(0, extract(epoch from least(coalesce(i.ended_at, ${nowSql}), ${to}) - greatest(i.started_at, ${from})))::float8 as seconds,
      i.reported_reason, dr.name as reason, count(*) over ()::int as total
    from station_state_intervals i
    join stations st on st.id = i.station_id
    join lines l on l.id = st.line_id
    left join downtime_reasons dr on dr.id = i.downtime_reason_id
    where i.station_id = any(${pgArray(scopeStationIds(scope))}::int[]) and i.started_at < ${to} and coalesce(i.ended_at, ${nowSql}) > ${from}
      and i.state::text = any(${pgArray([...states])}::text[])
    order by i.started_at desc, i.id desc
    limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    page,
    pageSize,
    total: rows[0]?.total ?? 0,
    states: [...states],
    window: { from: scope.window.from, to: scope.window.to, label: scope.window.label, timeZone: scope.window.timeZone },
    scopeLabel: scope.station ? `station ${scope.station.code}` : scope.line ? `line ${scope.line.code}` : "all lines",
    rows: rows.map((r) => ({
      id: Number(r.id),
      lineCode: r.line_code,
      stationCode: r.station_code,
      stationName: r.station_name,
      state: r.state,
      startedAt: new Date(r.started_at),
      endedAt: r.ended_at === null ? null : new Date(r.ended_at),
      seconds: r.seconds,
      reason: r.reason ?? r.reported_reason,
      isClassified: r.reason !== null,
    })),
  };
}
