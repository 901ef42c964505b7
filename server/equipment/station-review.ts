import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { areas, lines, sites, stations } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, postgresErrorCode, ValidationError } from "@/server/errors";

import { equipmentCode, updateEquipment } from "./equipment";

export const acceptStationInput = z.object({ id: z.number().int().positive(), code: equipmentCode.optional(), name: z.string().trim().min(1).max(80).optional() });
export const mergeStationInput = z.object({ id: z.number().int().positive(), targetId: z.number().int().positive() });

/** Tables whose rows belong to a station; a merge moves them all. */
const historyTables = ["process_steps", "station_state_intervals", "alarms", "production_counts", "signal_gaps", "telemetry_samples", "sparkplug_mappings", "routing_operations"] as const;
/** Hourly rollups are rebuilt from the moved rows (their hours are marked dirty by triggers), so the source's own rows go. */
const rollupTables = ["kpi_station_hourly", "kpi_state_hourly", "kpi_defect_hourly"] as const;

/** Stations the ingest worker created on its own (INGEST_AUTO_REGISTER) that no administrator has looked at yet. */
export async function listStationsToReview(db: DbOrTx) {
  return db
    .select({
      id: stations.id,
      code: stations.code,
      name: stations.name,
      lineId: stations.lineId,
      topic: sql<string>`${sites.enterprise} || '/' || ${sites.code} || '/' || ${areas.code} || '/' || ${lines.code} || '/' || ${stations.code}`,
      steps: sql<number>`(select count(*)::int from process_steps where station_id = ${stations.id})`,
      lastSeen: sql<Date | null>`(select max(started_at) from station_state_intervals where station_id = ${stations.id})`.mapWith((v: string | null) => (v ? new Date(v) : null)),
    })
    .from(stations)
    .innerJoin(lines, eq(lines.id, stations.lineId))
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(and(isNull(stations.acceptedAt), isNull(stations.retiredAt)))
    .orderBy(asc(stations.id));
}

async function pendingStation(db: DbOrTx, id: number) {
  const [station] = await db.select().from(stations).where(eq(stations.id, id)).for("update");
  if (!station) throw new ValidationError(`No station has the id ${id}.`);
  if (station.acceptedAt || station.retiredAt) throw new ConflictError(`Station "${station.code}" is not awaiting review.`);
  return station;
}

/** Keeps the station, optionally under a better code and name (a new code changes the topic it is matched by). */
export async function acceptStation(db: Db, user: SessionUser, input: z.input<typeof acceptStationInput>) {
  const { id, code, name } = acceptStationInput.parse(input);
  return db.transaction(async (tx) => {
    await pendingStation(tx, id);
    if (code !== undefined || name !== undefined) await updateEquipment(tx, user, { kind: "station", id, code, name });
    await tx.update(stations).set({ acceptedAt: new Date() }).where(eq(stations.id, id));
    await appendAudit(tx, { ...auditActor(user), action: "station.accepted", entityType: "station", entityId: String(id) });
    return { id };
  });
}

/**
 * Moves every history row of an auto-registered station to an existing one in one transaction and
 * retires the emptied station (a running worker may still hold its id in its cache).
 */
export async function mergeStation(db: Db, user: SessionUser, input: z.input<typeof mergeStationInput>) {
  const { id, targetId } = mergeStationInput.parse(input);
  if (id === targetId) throw new ValidationError("A station cannot be merged into itself.");
  try {
    return await db.transaction(async (tx) => {
      const source = await pendingStation(tx, id);
      const [target] = await tx.select().from(stations).where(eq(stations.id, targetId)).for("update");
      if (!target) throw new ValidationError(`No station has the id ${targetId}.`);
      if (target.retiredAt) throw new ValidationError(`Station "${target.code}" is retired: merge into a station in service.`);
      const moved: Record<string, number> = {};
      for (const table of historyTables) {
        const rows = await tx.execute(sql`update ${sql.raw(table)} set station_id = ${targetId} where station_id = ${id} returning 1`);
        if (rows.length) moved[table] = rows.length;
      }
      for (const table of rollupTables) await tx.execute(sql`delete from ${sql.raw(table)} where station_id = ${id}`);
      await tx.update(stations).set({ retiredAt: new Date() }).where(eq(stations.id, id));
      await appendAudit(tx, { ...auditActor(user), action: "station.merged", entityType: "station", entityId: String(id), data: { code: source.code, into: { id: targetId, code: target.code }, moved } });
      return { moved };
    });
  } catch (error) {
    if (postgresErrorCode(error) !== "23505") throw error;
    throw new ConflictError("Both stations recorded something at the same instant (a state, alarm, count or sample): they look like two real stations, so nothing was merged.");
  }
}
