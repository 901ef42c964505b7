import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

const DAY_MS = 24 * 3600_000;

/**
 * ECR cycle time: from an ECR's submission to the release of the (first) ECO
 * that implements it, for ECRs whose ECO was released within the window.
 */
export async function getEcrCycleTime(db: DbOrTx, options: { from: Date; to: Date; partNumber?: string }) {
  const partCondition = options.partNumber
    ? sql`and exists (select 1 from ecr_affected_parts ap join parts p on p.id = ap.part_id where ap.ecr_id = e.id and p.part_number = ${options.partNumber})`
    : sql``;
  const rows = await db.execute<{ ecr_number: string; title: string; eco_number: string; submitted_at: string | Date; released_at: string | Date }>(sql`
    select * from (
      select distinct on (e.id) e.number as ecr_number, e.title, o.number as eco_number, e.submitted_at, o.released_at
      from ecrs e
      join eco_ecrs ee on ee.ecr_id = e.id
      join ecos o on o.id = ee.eco_id
      where e.submitted_at is not null and o.released_at is not null ${partCondition}
      order by e.id, o.released_at
    ) first_release
    where released_at >= ${options.from.toISOString()}::timestamptz and released_at < ${options.to.toISOString()}::timestamptz
    order by released_at desc`);
  const items = rows
    .map((r) => {
      const submittedAt = new Date(r.submitted_at);
      const releasedAt = new Date(r.released_at);
      return { ecrNumber: r.ecr_number, title: r.title, ecoNumber: r.eco_number, submittedAt, releasedAt, days: (releasedAt.getTime() - submittedAt.getTime()) / DAY_MS };
    });
  const days = items.map((i) => i.days).sort((a, b) => a - b);
  const middle = Math.floor(days.length / 2);
  const median = days.length === 0 ? null : days.length % 2 === 1 ? (days[middle] ?? null) : ((days[middle - 1] ?? 0) + (days[middle] ?? 0)) / 2;
  return {
    count: items.length,
    meanDays: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length,
    medianDays: median,
    items,
  };
}
