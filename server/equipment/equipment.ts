import { asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx, type Tx } from "@/db";
import { areas, lines, sites, stations } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { notifyRealtime } from "@/server/realtime/notify";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError, postgresErrorCode, ValidationError } from "@/server/errors";

/** Whether a string can be one MQTT topic level: no separator, no wildcard, no NUL, and (our rule) no spaces. */
export const isTopicLevel = (value: string) => !/[\s/+#]/.test(value) && !value.includes("\0");

/** Codes are MQTT topic segments (enterprise/site/area/line/station). */
export const equipmentCode = z
  .string()
  .trim()
  .min(1, "Give a code.")
  .max(40, "A code is at most 40 characters.")
  .refine(isTopicLevel, 'A code is an MQTT topic level: no spaces, "/", "+", "#" or NUL (for example P1-010).');
const equipmentName = z.string().trim().min(1, "Give a name.").max(80, "A name is at most 80 characters.");

/** An IANA zone name Intl knows (Europe/Berlin), stored in its canonical spelling. */
export const timeZoneName = z
  .string()
  .trim()
  .transform((zone, ctx) => {
    try {
      return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: "custom", message: `"${zone}" is not a time zone name (use an IANA name such as Europe/Berlin).` });
      return z.NEVER;
    }
  });
const targetPerHour = z.number().int("The output target is a whole number of units per hour.").min(0).max(100_000);
const idealCycleSeconds = z.number().positive("The ideal cycle time must be more than 0 seconds.").max(86_400);
const expectedIntervalSeconds = z.number().int().min(1, "A station is expected to report at least every 1 s.").max(86_400);

export const equipmentKinds = ["site", "area", "line", "station"] as const;
export type EquipmentKind = (typeof equipmentKinds)[number];
const kindInput = z.enum(equipmentKinds);
export const equipmentRefInput = z.object({ kind: kindInput, id: z.number().int().positive() });

/** Per level: its table, the column naming its parent, where a code must be unique, and its children. */
const levels = {
  site: { table: "sites", parent: "enterprise", scope: "in this enterprise", child: "area" },
  area: { table: "areas", parent: "site_id", scope: "in this site", child: "line" },
  line: { table: "lines", parent: "area_id", scope: "in this area", child: "station" },
  station: { table: "stations", parent: "line_id", scope: "on this line", child: null },
} as const satisfies Record<EquipmentKind, { table: string; parent: string; scope: string; child: EquipmentKind | null }>;
const parentKind: Record<EquipmentKind, EquipmentKind | null> = { site: null, area: "site", line: "area", station: "line" };
const label = (kind: EquipmentKind) => kind[0]?.toUpperCase() + kind.slice(1);
const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const createEquipmentInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("site"), enterprise: equipmentCode, code: equipmentCode, name: equipmentName, timeZone: timeZoneName }),
  z.object({ kind: z.literal("area"), parentId: z.number().int().positive(), code: equipmentCode, name: equipmentName }),
  z.object({ kind: z.literal("line"), parentId: z.number().int().positive(), code: equipmentCode, name: equipmentName, targetPerHour: targetPerHour.default(0) }),
  z.object({ kind: z.literal("station"), parentId: z.number().int().positive(), code: equipmentCode, name: equipmentName, idealCycleSeconds, expectedIntervalSeconds: expectedIntervalSeconds.default(60) }),
]);

export const updateEquipmentInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("site"), id: z.number().int().positive(), code: equipmentCode.optional(), name: equipmentName.optional(), timeZone: timeZoneName.optional() }),
  z.object({ kind: z.literal("area"), id: z.number().int().positive(), code: equipmentCode.optional(), name: equipmentName.optional() }),
  z.object({ kind: z.literal("line"), id: z.number().int().positive(), code: equipmentCode.optional(), name: equipmentName.optional(), targetPerHour: targetPerHour.optional() }),
  z.object({ kind: z.literal("station"), id: z.number().int().positive(), code: equipmentCode.optional(), name: equipmentName.optional(), idealCycleSeconds: idealCycleSeconds.optional(), expectedIntervalSeconds: expectedIntervalSeconds.optional() }),
]);

export const moveEquipmentInput = equipmentRefInput.extend({ direction: z.enum(["up", "down"]) });

type Node = { id: number; code: string; parent: string; retiredAt: Date | null };

async function findNode(db: DbOrTx, kind: EquipmentKind, id: number, lock = false): Promise<Node> {
  const { table, parent } = levels[kind];
  const [node] = await db.execute<Node>(
    sql`select id, code, ${sql.raw(parent)}::text as parent, retired_at as "retiredAt" from ${sql.raw(table)} where id = ${id} ${lock ? sql`for update` : sql``}`,
  );
  if (!node) throw new NotFoundError(`No ${kind} has the id ${id}.`);
  return { ...node, retiredAt: node.retiredAt ? new Date(node.retiredAt) : null };
}

async function assertCodeFree(db: DbOrTx, kind: EquipmentKind, parent: string, code: string, exceptId = 0) {
  const { table, parent: column, scope } = levels[kind];
  const [taken] = await db.execute<{ retired: boolean }>(
    sql`select retired_at is not null as retired from ${sql.raw(table)} where ${sql.raw(column)}::text = ${parent} and code = ${code} and id <> ${exceptId}`,
  );
  if (taken) throw new ConflictError(`Another ${kind} ${scope} already has the code "${code}"${taken.retired ? " (a retired one: codes stay with their history)" : ""}.`);
}

async function assertParentLive(db: DbOrTx, kind: EquipmentKind, parentId: number) {
  const parent = parentKind[kind];
  if (!parent) return;
  const node = await findNode(db, parent, parentId, true);
  if (node.retiredAt) throw new ValidationError(`${label(parent)} "${node.code}" is retired: restore it before adding to it.`);
}

async function nextPosition(db: DbOrTx, kind: EquipmentKind, parent: string) {
  const { table, parent: column } = levels[kind];
  const [row] = await db.execute<{ next: number }>(sql`select coalesce(max(position), 0)::int + 1 as next from ${sql.raw(table)} where ${sql.raw(column)}::text = ${parent}`);
  return row?.next ?? 1;
}

/** Every change to the plant is audited and, on commit, tells each web process to drop the views it keeps of the plant. */
async function audit(tx: DbOrTx, user: SessionUser, kind: EquipmentKind, id: number, action: string, data?: Record<string, unknown>) {
  await appendAudit(tx, { ...auditActor(user), action: `${kind}.${action}`, entityType: kind, entityId: String(id), data });
  await notifyRealtime(tx, "equipment", []);
}

/** Every site, area, line and station, retired ones too, in display order; the page builds the tree. */
export async function getEquipment(db: DbOrTx) {
  const [siteRows, areaRows, lineRows, stationRows] = await Promise.all([
    db.select().from(sites).orderBy(asc(sites.position), asc(sites.code)),
    db.select().from(areas).orderBy(asc(areas.position), asc(areas.code)),
    db.select().from(lines).orderBy(asc(lines.position), asc(lines.code)),
    db.select().from(stations).orderBy(asc(stations.position), asc(stations.code)),
  ]);
  return { sites: siteRows, areas: areaRows, lines: lineRows, stations: stationRows };
}

export async function createEquipment(db: Db, user: SessionUser, input: z.input<typeof createEquipmentInput>) {
  const data = createEquipmentInput.parse(input);
  return db.transaction(async (tx) => {
    const parent = data.kind === "site" ? data.enterprise : String(data.parentId);
    if (data.kind !== "site") await assertParentLive(tx, data.kind, data.parentId);
    await assertCodeFree(tx, data.kind, parent, data.code);
    const position = await nextPosition(tx, data.kind, parent);
    const created = await insertNode(tx, data, position);
    await audit(tx, user, data.kind, created.id, "created", { ...data, position });
    return created;
  });
}

function insertNode(tx: Tx, data: z.output<typeof createEquipmentInput>, position: number) {
  const common = { code: data.code, name: data.name, position };
  switch (data.kind) {
    case "site":
      return tx.insert(sites).values({ ...common, enterprise: data.enterprise, timeZone: data.timeZone }).returning().then(one);
    case "area":
      return tx.insert(areas).values({ ...common, siteId: data.parentId }).returning().then(one);
    case "line":
      return tx.insert(lines).values({ ...common, areaId: data.parentId, targetPerHour: data.targetPerHour }).returning().then(one);
    case "station":
      return tx
        .insert(stations)
        .values({ ...common, lineId: data.parentId, idealCycleSeconds: data.idealCycleSeconds, expectedIntervalSeconds: data.expectedIntervalSeconds, acceptedAt: new Date() })
        .returning()
        .then(one);
  }
}

/** Renames and edits; a new code must be free among its siblings (retired ones included). */
export async function updateEquipment(db: DbOrTx, user: SessionUser, input: z.input<typeof updateEquipmentInput>) {
  const { kind, id, ...changes } = updateEquipmentInput.parse(input);
  return db.transaction(async (tx) => {
    const node = await findNode(tx, kind, id, true);
    if (changes.code !== undefined && changes.code !== node.code) await assertCodeFree(tx, kind, node.parent, changes.code, id);
    const fields = Object.entries(changes).filter(([, value]) => value !== undefined);
    const table = sql.raw(levels[kind].table);
    const [before] = await tx.execute<Record<string, unknown>>(sql`select * from ${table} where id = ${id}`);
    if (fields.length) {
      const set = sql.join(fields.map(([key, value]) => sql`${sql.identifier(column(key))} = ${value}`), sql`, `);
      await tx.execute(sql`update ${table} set ${set} where id = ${id}`);
    }
    const was = Object.fromEntries(fields.map(([key]) => [key, before?.[column(key)]]));
    await audit(tx, user, kind, id, "edited", { ...Object.fromEntries(fields), was });
    return { id, changed: fields.map(([key]) => key) };
  });
}

/** Swaps a node with its neighbour among its siblings and numbers the siblings 1..n. */
export async function moveEquipment(db: Db, user: SessionUser, input: z.input<typeof moveEquipmentInput>) {
  const { kind, id, direction } = moveEquipmentInput.parse(input);
  const { table, parent } = levels[kind];
  return db.transaction(async (tx) => {
    const node = await findNode(tx, kind, id, true);
    const siblings = await tx.execute<{ id: number }>(sql`select id from ${sql.raw(table)} where ${sql.raw(parent)}::text = ${node.parent} order by position, code, id for update`);
    const order = siblings.map((s) => s.id);
    const at = order.indexOf(id);
    const to = direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= order.length) return { moved: false };
    [order[at], order[to]] = [order[to] ?? id, id];
    await tx.execute(sql`update ${sql.raw(table)} t set position = o.n from unnest(${sql.param(order)}::int[]) with ordinality as o(id, n) where t.id = o.id`);
    await audit(tx, user, kind, id, "moved", { direction, position: to + 1 });
    return { moved: true };
  });
}

/** The ids of a node and everything under it, per level. */
async function subtree(db: DbOrTx, kind: EquipmentKind, id: number) {
  const ids: Record<EquipmentKind, number[]> = { site: [], area: [], line: [], station: [] };
  ids[kind] = [id];
  for (let level: EquipmentKind = kind, child = levels[kind].child; child; level = child, child = levels[child].child) {
    const rows = await db.execute<{ id: number }>(sql`select id from ${sql.raw(levels[child].table)} where ${sql.raw(levels[child].parent)} = any(${sql.param(ids[level])}::int[])`);
    ids[child] = rows.map((r) => r.id);
  }
  return ids;
}

/** Work that still needs the equipment: orders not finished on its lines, draft or released routings through its stations. */
async function openWork(db: DbOrTx, ids: Record<EquipmentKind, number[]>) {
  const orders = await db.execute<{ number: string }>(
    sql`select number from work_orders where line_id = any(${sql.param(ids.line)}::int[]) and status in ('planned', 'released', 'in_progress', 'on_hold') order by number limit 5`,
  );
  const routings = await db.execute<{ step: string }>(sql`
    select p.part_number || ' rev ' || pr.revision || ' op ' || ro.operation_code as step
    from routing_operations ro join part_revisions pr on pr.id = ro.part_revision_id join parts p on p.id = pr.part_id
    where ro.station_id = any(${sql.param(ids.station)}::int[]) and pr.status in ('draft', 'released') order by step limit 5`);
  return [...orders.map((o) => `work order ${o.number}`), ...routings.map((r) => `routing ${r.step}`)];
}

/**
 * Retires a node and everything under it at one instant: rows and history stay, live views and
 * pickers drop them. Refused while open work orders or current routings still need them.
 */
export async function retireEquipment(db: Db, user: SessionUser, input: z.input<typeof equipmentRefInput>) {
  const { kind, id } = equipmentRefInput.parse(input);
  return db.transaction(async (tx) => {
    const node = await findNode(tx, kind, id, true);
    if (node.retiredAt) return { retired: 0 };
    const ids = await subtree(tx, kind, id);
    const blockers = await openWork(tx, ids);
    if (blockers.length) throw new ConflictError(`${label(kind)} "${node.code}" still has open work: ${blockers.join(", ")}. Close, cancel or revise it first.`);
    const at = new Date();
    let retired = 0;
    for (const level of equipmentKinds) {
      const rows = await tx.execute(sql`update ${sql.raw(levels[level].table)} set retired_at = ${at.toISOString()}::timestamptz where id = any(${sql.param(ids[level])}::int[]) and retired_at is null returning id`);
      retired += rows.length;
    }
    await audit(tx, user, kind, id, "retired", { retired });
    return { retired };
  });
}

/** Brings back a node and what was retired with it (not what had been retired on its own before). */
export async function restoreEquipment(db: Db, user: SessionUser, input: z.input<typeof equipmentRefInput>) {
  const { kind, id } = equipmentRefInput.parse(input);
  return db.transaction(async (tx) => {
    const node = await findNode(tx, kind, id, true);
    if (!node.retiredAt) return { restored: 0 };
    const parent = parentKind[kind];
    if (parent) {
      const above = await findNode(tx, parent, Number(node.parent));
      if (above.retiredAt) throw new ValidationError(`${label(parent)} "${above.code}" is retired: restore it first.`);
    }
    const ids = await subtree(tx, kind, id);
    let restored = 0;
    for (const level of equipmentKinds) {
      const rows = await tx.execute(sql`update ${sql.raw(levels[level].table)} set retired_at = null where id = any(${sql.param(ids[level])}::int[]) and retired_at = ${node.retiredAt.toISOString()}::timestamptz returning id`);
      restored += rows.length;
    }
    await audit(tx, user, kind, id, "restored", { restored });
    return { restored };
  });
}

/** Only for a mistake with no history at all: anything referenced (steps, states, telemetry, children, mappings) must be retired instead. */
export async function deleteEquipment(db: Db, user: SessionUser, input: z.input<typeof equipmentRefInput>) {
  const { kind, id } = equipmentRefInput.parse(input);
  const refused = (code: string) => new ConflictError(`${label(kind)} "${code}" has history or is still referenced (equipment under it, recorded data, work orders, mappings): retire it instead.`);
  try {
    return await db.transaction(async (tx) => {
      const node = await findNode(tx, kind, id, true);
      // Telemetry samples are partitioned and carry no foreign key; everything else does.
      if (kind === "station") {
        const [sample] = await tx.execute(sql`select 1 from telemetry_samples where station_id = ${id} limit 1`);
        if (sample) throw refused(node.code);
      }
      await tx.execute(sql`delete from ${sql.raw(levels[kind].table)} where id = ${id}`);
      await audit(tx, user, kind, id, "deleted", { code: node.code });
      return { deleted: true, code: node.code };
    });
  } catch (error) {
    if (postgresErrorCode(error) !== "23503") throw error;
    const node = await findNode(db, kind, id);
    throw refused(node.code);
  }
}

/** Live stations with their line, for pickers (Sparkplug mappings, merge targets). */
export async function listLiveStations(db: DbOrTx) {
  return db
    .select({ id: stations.id, code: stations.code, name: stations.name, lineCode: lines.code, path: sql<string>`${sites.code} || '/' || ${areas.code} || '/' || ${lines.code} || '/' || ${stations.code}` })
    .from(stations)
    .innerJoin(lines, eq(lines.id, stations.lineId))
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(isNull(stations.retiredAt))
    .orderBy(asc(sites.position), asc(areas.position), asc(lines.position), asc(lines.code), asc(stations.position));
}
