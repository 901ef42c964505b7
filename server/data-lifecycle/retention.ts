import { eq } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { retentionDataClasses, retentionPolicies, type RetentionDataClass } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";

import { dropPartition, listPartitions, partitionedTables, type Partition } from "./partitions";

const DAY_MS = 86_400_000;

export const retentionInput = z.object({
  dataClass: z.enum(retentionDataClasses),
  /** Null keeps everything. */
  keepDays: z.number().int("Keep a whole number of days.").min(1, "Keep at least one day.").max(36_500, "Keep at most 100 years.").nullable(),
});

/** Partitions whose whole range ends before the cutoff; the default partition is never one of them. */
function expired(partitions: Partition[], keepDays: number | null, now: Date) {
  if (keepDays === null) return [];
  const cutoff = now.getTime() - keepDays * DAY_MS;
  return partitions.filter((p) => !p.isDefault && p.to && p.to.getTime() <= cutoff);
}

function tableOf(dataClass: RetentionDataClass) {
  const target = partitionedTables.find((t) => t.dataClass === dataClass);
  if (!target) throw new Error(`no partitioned table holds ${dataClass}`);
  return target.table;
}

/** Each data class with its retention (null: kept for ever) and its partitions. */
export async function getRetention(db: DbOrTx) {
  const policies = await db.select().from(retentionPolicies);
  return Promise.all(
    partitionedTables.map(async (target) => ({
      dataClass: target.dataClass,
      table: target.table,
      keepDays: policies.find((p) => p.dataClass === target.dataClass)?.keepDays ?? null,
      partitions: await listPartitions(db, target.table),
    })),
  );
}

/** What maintenance would drop at its next run under this retention. */
export async function previewRetention(db: DbOrTx, input: z.input<typeof retentionInput>, now = new Date()) {
  const { dataClass, keepDays } = retentionInput.parse(input);
  return { dataClass, keepDays, partitions: expired(await listPartitions(db, tableOf(dataClass)), keepDays, now) };
}

export async function saveRetention(db: DbOrTx, user: SessionUser, input: z.input<typeof retentionInput>) {
  const { dataClass, keepDays } = retentionInput.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(retentionPolicies).where(eq(retentionPolicies.dataClass, dataClass)).for("update");
    if (keepDays === null) await tx.delete(retentionPolicies).where(eq(retentionPolicies.dataClass, dataClass));
    else {
      await tx
        .insert(retentionPolicies)
        .values({ dataClass, keepDays, updatedById: user.id })
        .onConflictDoUpdate({ target: retentionPolicies.dataClass, set: { keepDays, updatedById: user.id, updatedAt: new Date() } });
    }
    await appendAudit(tx, { ...auditActor(user), action: "retention.changed", entityType: "retention_policy", entityId: dataClass, data: { from: before?.keepDays ?? null, to: keepDays } });
  });
  return previewRetention(db, { dataClass, keepDays });
}

/** Drops every partition older than its data class's retention, each drop logged and audited. */
export async function applyRetention(db: DbOrTx, options: { now: Date; log: (message: string) => void }) {
  for (const { dataClass, keepDays } of await db.select().from(retentionPolicies)) {
    const { partitions } = await previewRetention(db, { dataClass, keepDays }, options.now);
    for (const p of partitions) {
      const data = { dataClass, keepDays, from: p.from?.toISOString(), to: p.to?.toISOString(), rowEstimate: p.rowEstimate, bytes: p.bytes };
      await dropPartition(db, p.name, (tx) => appendAudit(tx, { actorId: null, actor: "worker", action: "retention.partition_dropped", entityType: "partition", entityId: p.name, data }));
      options.log(`dropped partition ${p.name} (${data.from} to ${data.to}, about ${p.rowEstimate ?? "?"} rows, ${p.bytes} bytes): ${dataClass} is kept ${keepDays} days`);
    }
  }
}
