import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

/** Deep enough for any real product structure; a cycle in bad data stops here instead of running away. */
const MAX_DEPTH = 25;

export interface GenealogyNode {
  installId: number;
  parentUnitId: number;
  depth: number;
  partNumber: string;
  partName: string;
  qty: number;
  childUnitId: number | null;
  childSerial: string | null;
  childRevision: string | null;
  childStatus: string | null;
  lotNumber: string | null;
  supplier: string | null;
  receivedAt: Date | null;
  lotStatus: string | null;
  operationCode: string | null;
  installedAt: Date;
  removedAt: Date | null;
  removalReason: string | null;
}

type Row = Omit<GenealogyNode, "receivedAt" | "installedAt" | "removedAt"> & { receivedAt: string | Date | null; installedAt: string | Date; removedAt: string | Date | null };
const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/**
 * Backward genealogy: everything installed in a unit, all levels down, in
 * tree order. Removed installs stay (with reason) but are not expanded: what
 * is inside a removed component is no longer inside this unit.
 */
export async function traceBackward(db: DbOrTx, unitId: number): Promise<GenealogyNode[]> {
  const rows = await db.execute<Row>(sql`
    with recursive tree as (
      select ci.id, ci.parent_unit_id, ci.child_unit_id, ci.material_lot_id, ci.part_id, ci.qty, ci.step_id, ci.installed_at, ci.removed_at, ci.removal_reason,
             1 as depth, array[ci.installed_at::text, ci.id::text] as path
      from component_installs ci
      where ci.parent_unit_id = ${unitId}
      union all
      select ci.id, ci.parent_unit_id, ci.child_unit_id, ci.material_lot_id, ci.part_id, ci.qty, ci.step_id, ci.installed_at, ci.removed_at, ci.removal_reason,
             t.depth + 1, t.path || array[ci.installed_at::text, ci.id::text]
      from tree t
      join component_installs ci on ci.parent_unit_id = t.child_unit_id
      where t.child_unit_id is not null and t.removed_at is null and t.depth < ${MAX_DEPTH}
    )
    select t.id as "installId", t.parent_unit_id as "parentUnitId", t.depth, p.part_number as "partNumber", p.name as "partName", t.qty::float8 as qty,
           t.child_unit_id as "childUnitId", u.serial as "childSerial", pr.revision as "childRevision", u.status as "childStatus",
           l.lot_number as "lotNumber", l.supplier, l.received_at as "receivedAt", l.status as "lotStatus",
           ps.operation_code as "operationCode", t.installed_at as "installedAt", t.removed_at as "removedAt", t.removal_reason as "removalReason"
    from tree t
    join parts p on p.id = t.part_id
    left join units u on u.id = t.child_unit_id
    left join part_revisions pr on pr.id = u.part_revision_id
    left join material_lots l on l.id = t.material_lot_id
    left join process_steps ps on ps.id = t.step_id
    order by t.path`);
  return rows.map((r) => ({
    ...r,
    installId: Number(r.installId),
    parentUnitId: Number(r.parentUnitId),
    childUnitId: r.childUnitId === null ? null : Number(r.childUnitId),
    receivedAt: r.receivedAt === null ? null : toDate(r.receivedAt),
    installedAt: toDate(r.installedAt),
    removedAt: r.removedAt === null ? null : toDate(r.removedAt),
  }));
}

export interface WhereUsedUnit {
  unitId: number;
  serial: string;
  partNumber: string;
  revision: string;
  status: "in_progress" | "complete" | "scrapped" | "on_hold";
  workOrder: string | null;
  completedAt: Date | null;
  /** 1 = the lot or component is installed directly in this unit. */
  level: number;
  /** Reached only through a removed install: it held the material once, no longer. */
  isRemoved: boolean;
  /** Not itself installed in another unit: a finished product as shipped. */
  isTopLevel: boolean;
}

export type TraceOrigin = { lotId: number } | { unitId: number };

/** [unitId, serial, partNumber, revision, status, workOrder, completedAtMs, level, isRemoved, isTopLevel] */
type WhereUsedTuple = [number, string, string, string, WhereUsedUnit["status"], string | null, number | null, number, boolean, boolean];

/**
 * Forward genealogy (where-used): every unit that contains the lot or the
 * component unit at any level. A unit reached by several paths is listed once,
 * preferring a current path over one through a removed install; direct users
 * come first. Tens of thousands of rows come back as one JSON array: parsing
 * that is several times cheaper than row-by-row decoding.
 */
export async function traceForward(db: DbOrTx, origin: TraceOrigin): Promise<WhereUsedUnit[]> {
  const start = "lotId" in origin ? sql`ci.material_lot_id = ${origin.lotId}` : sql`ci.child_unit_id = ${origin.unitId}`;
  const [result] = await db.execute<{ rows: string }>(sql`
    with recursive up as (
      select ci.parent_unit_id as unit_id, 1 as level, ci.removed_at is not null as via_removed
      from component_installs ci
      where ${start}
      union
      select ci.parent_unit_id, up.level + 1, up.via_removed or ci.removed_at is not null
      from up
      join component_installs ci on ci.child_unit_id = up.unit_id
      where up.level < ${MAX_DEPTH}
    ),
    -- One primary-key probe per unit reached: the planner misjudges a recursive CTE's size and
    -- would otherwise hash-join against a full scan of units (LIMIT keeps the lookup lateral).
    reached as materialized (
      select r.unit_id, r.level, r.via_removed, u.serial, u.part_revision_id, u.status, u.work_order_id, u.completed_at
      from (select distinct on (unit_id) unit_id, level, via_removed from up order by unit_id, via_removed, level) r
      cross join lateral (select * from units u where u.id = r.unit_id limit 1) u
    )
    select coalesce(json_agg(json_build_array(
             r.unit_id, r.serial, p.part_number, pr.revision, r.status, wo.number, extract(epoch from r.completed_at) * 1000, r.level, r.via_removed,
             not exists (select 1 from component_installs c where c.child_unit_id = r.unit_id and c.removed_at is null)
           ) order by r.via_removed, r.level, r.serial collate "C"), '[]')::text as rows
    from reached r
    join part_revisions pr on pr.id = r.part_revision_id
    join parts p on p.id = pr.part_id
    left join work_orders wo on wo.id = r.work_order_id`);
  const tuples = JSON.parse(result?.rows ?? "[]") as WhereUsedTuple[];
  return tuples.map(([unitId, serial, partNumber, revision, status, workOrder, completedAtMs, level, isRemoved, isTopLevel]) => ({
    unitId,
    serial,
    partNumber,
    revision,
    status,
    workOrder,
    completedAt: completedAtMs === null ? null : new Date(completedAtMs),
    level,
    isRemoved,
    isTopLevel,
  }));
}
