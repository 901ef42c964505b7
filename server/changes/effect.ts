import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import type { Eco } from "@/db/schema";
import { homeTimeZone } from "@/server/equipment/time-zones";


export interface WindowResult {
  from: Date;
  to: Date;
  /** Units started in the window that have finished (complete, scrapped or on hold). */
  finished: number;
  inProgress: number;
  firstPass: number;
  scrapped: number;
  firstPassYield: number | null;
  scrapRatio: number | null;
}

/** When the change took effect on the floor, from its effectivity; a date at midnight in the home site's zone. */
async function effectiveFrom(db: DbOrTx, eco: Pick<Eco, "effectivity" | "effectivityValue" | "releasedAt">, partIds: number[]): Promise<Date | null> {
  if (eco.effectivity === "date") {
    const [row] = await db.execute<{ at: string }>(sql`select (((${eco.effectivityValue})::date)::timestamp at time zone ${await homeTimeZone(db)}) as at`);
    return row ? new Date(row.at) : null;
  }
  const where =
    eco.effectivity === "serial"
      ? sql`u.serial >= ${eco.effectivityValue}`
      : sql`u.work_order_id = (select id from work_orders where number = ${eco.effectivityValue})`;
  const [row] = await db.execute<{ at: string | null }>(sql`
    select min(u.started_at) as at from units u join part_revisions pr on pr.id = u.part_revision_id
    where pr.part_id in ${sql.raw(`(${partIds.map(Number).join(",") || "0"})`)} and ${where}`);
  return row?.at ? new Date(row.at) : eco.releasedAt;
}

async function windowStats(db: DbOrTx, partId: number, from: Date, to: Date): Promise<WindowResult> {
  // First pass: every operation passed at its first attempt (no FAIL/SCRAP, no second attempt).
  const [row] = await db.execute<{ finished: number; in_progress: number; first_pass: number; scrapped: number }>(sql`
    with w as (
      select u.id, u.status from units u join part_revisions pr on pr.id = u.part_revision_id
      where pr.part_id = ${partId} and u.started_at >= ${from.toISOString()} and u.started_at < ${to.toISOString()}
    )
    select
      count(*) filter (where w.status <> 'in_progress')::int as finished,
      count(*) filter (where w.status = 'in_progress')::int as in_progress,
      count(*) filter (where w.status = 'scrapped')::int as scrapped,
      count(*) filter (where w.status <> 'in_progress' and w.status <> 'scrapped' and exists (select 1 from process_steps s where s.unit_id = w.id)
        and not exists (select 1 from process_steps s where s.unit_id = w.id and (s.attempt <> 1 or s.result <> 'PASS')))::int as first_pass
    from w`);
  const finished = row?.finished ?? 0;
  return {
    from,
    to,
    finished,
    inProgress: row?.in_progress ?? 0,
    firstPass: row?.first_pass ?? 0,
    scrapped: row?.scrapped ?? 0,
    firstPassYield: finished ? (row?.first_pass ?? 0) / finished : null,
    scrapRatio: finished ? (row?.scrapped ?? 0) / finished : null,
  };
}

/** "Did it work?": first-pass yield and scrap of each changed part, the same length of time before and after effectivity. */
export async function ecoEffect(db: DbOrTx, eco: Pick<Eco, "id" | "status" | "effectivity" | "effectivityValue" | "releasedAt">, now = new Date()) {
  if (eco.status !== "released") return null;
  const changed = await db.execute<{ part_id: number; part_number: string }>(sql`
    select distinct pr.part_id, p.part_number from eco_revision_changes c join part_revisions pr on pr.id = c.to_revision_id join parts p on p.id = pr.part_id
    where c.eco_id = ${eco.id} order by p.part_number`);
  const from = await effectiveFrom(db, eco, changed.map((c) => c.part_id));
  if (!from || from >= now) return { effectiveFrom: from, parts: [] };
  const length = now.getTime() - from.getTime();
  const before = new Date(from.getTime() - length);
  const parts = [];
  for (const c of changed) {
    parts.push({ partNumber: c.part_number, before: await windowStats(db, c.part_id, before, from), after: await windowStats(db, c.part_id, from, now) });
  }
  return { effectiveFrom: from, windowDays: length / 86_400_000, parts };
}
