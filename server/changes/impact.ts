import { eq, sql, type SQL } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { ecoRevisionChanges, partRevisions, parts, type Eco } from "@/db/schema";
import { homeTimeZone, lineTimeZoneSql } from "@/server/equipment/time-zones";


const SAMPLE = 25;

interface Scope {
  partId: number;
  toRevisionId: number;
}

/** The SQL the effectivity turns into: which open work orders and which built units fall under the change. */
async function effectivityFilters(db: DbOrTx, eco: Pick<Eco, "effectivity" | "effectivityValue">) {
  const value = eco.effectivityValue;
  switch (eco.effectivity) {
    case "date": {
      // Midnight of the date where the work is done: in the zone of the site of the order's line.
      const home = await homeTimeZone(db);
      const boundary = (lineId: SQL) => sql`((${value})::date)::timestamp at time zone ${lineTimeZoneSql(lineId, home)}`;
      const orderBoundary = boundary(sql`wo.line_id`);
      return {
        // A date already reached takes every open order; a future one only those planned to start from it.
        workOrder: sql`(${orderBoundary} <= now() or coalesce(wo.planned_start, wo.created_at) >= ${orderBoundary})`,
        inProgress: sql`true`,
        finished: sql`u.started_at >= ${boundary(sql`(select w.line_id from work_orders w where w.id = u.work_order_id)`)}`,
      };
    }
    case "serial":
      return {
        workOrder: sql`(not exists (select 1 from units x where x.work_order_id = wo.id) or exists (select 1 from units x where x.work_order_id = wo.id and x.serial >= ${value}))`,
        inProgress: sql`u.serial >= ${value}`,
        finished: sql`u.serial >= ${value}`,
      };
    case "work_order":
      return {
        workOrder: sql`(coalesce(wo.planned_start, wo.created_at), wo.id) >= (select coalesce(w.planned_start, w.created_at), w.id from work_orders w where w.number = ${value})`,
        inProgress: sql`true`,
        finished: sql`u.work_order_id in (select w.id from work_orders w join part_revisions r on r.id = w.part_revision_id where r.part_id = pr.part_id and (coalesce(w.planned_start, w.created_at), w.id) >= (select coalesce(w2.planned_start, w2.created_at), w2.id from work_orders w2 where w2.number = ${value}))`,
      };
  }
}

async function affectedWorkOrders(db: DbOrTx, scope: Scope, filter: SQL) {
  return db.execute<{ id: number; number: string; status: string; revision: string; line_id: number; line_code: string; line_name: string; planned_start: string | null; units: number }>(sql`
    select wo.id, wo.number, wo.status, pr.revision, wo.line_id, l.code as line_code, l.name as line_name, wo.planned_start,
      (select count(*)::int from units x where x.work_order_id = wo.id) as units
    from work_orders wo
    join part_revisions pr on pr.id = wo.part_revision_id
    join lines l on l.id = wo.line_id
    where pr.part_id = ${scope.partId} and wo.part_revision_id <> ${scope.toRevisionId}
      and wo.status in ('planned', 'released', 'in_progress') and ${filter}
    order by coalesce(wo.planned_start, wo.created_at), wo.id`);
}

/** Impact of one ECO, from its effectivity: shown before anyone signs and applied, unchanged, by the release. */
export async function computeImpact(db: DbOrTx, eco: Pick<Eco, "id" | "effectivity" | "effectivityValue">) {
  const filters = await effectivityFilters(db, eco);
  const changes = await db
    .select({ partId: partRevisions.partId, partNumber: parts.partNumber, toRevisionId: ecoRevisionChanges.toRevisionId, toRevision: partRevisions.revision })
    .from(ecoRevisionChanges)
    .innerJoin(partRevisions, eq(partRevisions.id, ecoRevisionChanges.toRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .where(eq(ecoRevisionChanges.ecoId, eco.id));

  const result = [];
  for (const change of changes) {
    const workOrders = [...(await affectedWorkOrders(db, change, filters.workOrder))];
    const woIds = workOrders.map((w) => w.id);
    const inProgress = woIds.length
      ? [
          ...(await db.execute<{ id: number; serial: string; work_order: string }>(sql`
            select u.id, u.serial, wo.number as work_order from units u join work_orders wo on wo.id = u.work_order_id
            where u.work_order_id in ${sql.raw(`(${woIds.map(Number).join(",")})`)} and u.status = 'in_progress' and u.part_revision_id <> ${change.toRevisionId} and ${filters.inProgress}
            order by u.serial`)),
        ]
      : [];
    const [finished] = await db.execute<{ count: number; serials: string[] | null }>(sql`
      select count(*)::int as count, (array_agg(u.serial order by u.serial))[1:${SAMPLE}] as serials
      from units u join part_revisions pr on pr.id = u.part_revision_id
      where pr.part_id = ${change.partId} and u.part_revision_id <> ${change.toRevisionId} and u.status in ('complete', 'on_hold') and ${filters.finished}`);
    result.push({
      partNumber: change.partNumber,
      toRevision: change.toRevision,
      toRevisionId: change.toRevisionId,
      partId: change.partId,
      workOrders: workOrders.map((w) => ({ id: w.id, number: w.number, status: w.status, revision: w.revision, lineId: w.line_id, lineCode: w.line_code, lineName: w.line_name, plannedStart: w.planned_start ? new Date(w.planned_start) : null, units: w.units })),
      unitsInProgress: inProgress.map((u) => ({ id: Number(u.id), serial: u.serial, workOrder: u.work_order })),
      finishedUnits: { count: finished?.count ?? 0, sample: finished?.serials ?? [] },
    });
  }
  return result;
}

export type EcoImpact = Awaited<ReturnType<typeof computeImpact>>;
