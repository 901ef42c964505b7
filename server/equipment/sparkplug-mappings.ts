import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx } from "@/db";
import { areas, lines, sites, sparkplugMappings, stations } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "@/server/errors";

import { isTopicLevel } from "./equipment";

/** Sparkplug group, edge node and device ids are topic levels too. */
const sparkplugId = z
  .string()
  .trim()
  .max(80)
  .refine(isTopicLevel, 'A Sparkplug id is an MQTT topic level: no spaces, "/", "+", "#" or NUL.');

export const saveSparkplugMappingInput = z.object({
  id: z.number().int().positive().optional(),
  groupId: sparkplugId.min(1, "Give the Sparkplug group id."),
  edgeNodeId: sparkplugId.min(1, "Give the edge node id."),
  /** Empty for metrics the edge node publishes itself (NDATA). */
  deviceId: sparkplugId.default(""),
  stationId: z.number().int().positive(),
});
export const removeSparkplugMappingInput = z.object({ id: z.number().int().positive() });

export async function listSparkplugMappings(db: DbOrTx) {
  return db
    .select({
      id: sparkplugMappings.id,
      groupId: sparkplugMappings.groupId,
      edgeNodeId: sparkplugMappings.edgeNodeId,
      deviceId: sparkplugMappings.deviceId,
      stationId: sparkplugMappings.stationId,
      station: sql<string>`${sites.code} || '/' || ${areas.code} || '/' || ${lines.code} || '/' || ${stations.code}`,
      isStationRetired: sql<boolean>`${stations.retiredAt} is not null`,
    })
    .from(sparkplugMappings)
    .innerJoin(stations, eq(stations.id, sparkplugMappings.stationId))
    .innerJoin(lines, eq(lines.id, stations.lineId))
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .orderBy(asc(sparkplugMappings.groupId), asc(sparkplugMappings.edgeNodeId), asc(sparkplugMappings.deviceId));
}

/**
 * Sparkplug nodes and devices the worker heard but could not place: it dead-letters their
 * messages with "no sparkplug_mappings row for spBv1.0 group/edge[/device]" (server/ingest/batch-writer.ts).
 * Ids mapped since then drop out of the list.
 */
export async function listUnmappedSparkplugNodes(db: DbOrTx) {
  const rows = await db.execute<{ ids: string; messages: number; lastSeen: string }>(sql`
    select ids, count(*)::int as messages, max(received_at) as "lastSeen"
    from (select received_at, substring(error from 'no sparkplug_mappings row for spBv1\\.0 ([^;]+)') as ids from dead_letters where error like '%no sparkplug_mappings row for%') d
    where ids is not null group by ids order by max(received_at) desc limit 200`);
  const mapped = new Set((await db.select().from(sparkplugMappings)).map((m) => `${m.groupId}/${m.edgeNodeId}/${m.deviceId}`));
  return rows
    .map((r) => {
      const [groupId = "", edgeNodeId = "", ...device] = r.ids.trim().split("/");
      return { groupId, edgeNodeId, deviceId: device.join("/"), messages: r.messages, lastSeen: new Date(r.lastSeen) };
    })
    .filter((n) => !mapped.has(`${n.groupId}/${n.edgeNodeId}/${n.deviceId}`));
}

/** Adds a mapping, or points an existing one elsewhere; the worker picks it up on its next cache refresh. */
export async function saveSparkplugMapping(db: Db, user: SessionUser, input: z.input<typeof saveSparkplugMappingInput>) {
  const { id, ...data } = saveSparkplugMappingInput.parse(input);
  return db.transaction(async (tx) => {
    const [station] = await tx.select({ retiredAt: stations.retiredAt, code: stations.code }).from(stations).where(eq(stations.id, data.stationId));
    if (!station) throw new ValidationError(`No station has the id ${data.stationId}.`);
    if (station.retiredAt) throw new ValidationError(`Station "${station.code}" is retired: map the ids to a station in service.`);
    const ids = `${data.groupId}/${data.edgeNodeId}${data.deviceId ? `/${data.deviceId}` : ""}`;
    const [taken] = await tx.select({ id: sparkplugMappings.id }).from(sparkplugMappings).where(sql`${sparkplugMappings.groupId} = ${data.groupId} and ${sparkplugMappings.edgeNodeId} = ${data.edgeNodeId} and ${sparkplugMappings.deviceId} = ${data.deviceId}`);
    if (taken && taken.id !== id) throw new ConflictError(`Sparkplug ${ids} is already mapped; edit that mapping instead.`);
    let before: typeof sparkplugMappings.$inferSelect | undefined;
    if (id !== undefined) {
      [before] = await tx.select().from(sparkplugMappings).where(eq(sparkplugMappings.id, id)).for("update");
      if (!before) throw new NotFoundError(`No Sparkplug mapping has the id ${id}.`);
    }
    const saved = id === undefined ? one(await tx.insert(sparkplugMappings).values(data).returning()) : one(await tx.update(sparkplugMappings).set(data).where(eq(sparkplugMappings.id, id)).returning());
    await appendAudit(tx, { ...auditActor(user), action: before ? "sparkplug_mapping.edited" : "sparkplug_mapping.added", entityType: "sparkplug_mapping", entityId: String(saved.id), data: { ...data, ...(before ? { was: before } : {}) } });
    return saved;
  });
}

/** Later messages from these ids are dead-lettered again (and show as unmapped). */
export async function removeSparkplugMapping(db: Db, user: SessionUser, input: z.input<typeof removeSparkplugMappingInput>) {
  const { id } = removeSparkplugMappingInput.parse(input);
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(sparkplugMappings).where(eq(sparkplugMappings.id, id)).returning();
    if (!removed) throw new NotFoundError(`No Sparkplug mapping has the id ${id}.`);
    await appendAudit(tx, { ...auditActor(user), action: "sparkplug_mapping.removed", entityType: "sparkplug_mapping", entityId: String(id), data: removed });
    return removed;
  });
}
