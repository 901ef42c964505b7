import { createHash, createHmac } from "node:crypto";

import { desc, sql } from "drizzle-orm";
import type postgres from "postgres";

import type { DbOrTx, Tx } from "@/db";
import { auditLog, type AuditEntry } from "@/db/schema";
import { env } from "@/server/env";

export const GENESIS = "0".repeat(64);
const AUDIT_LOCK = 7_406_002;

export interface AuditInput {
  actorId: number | null;
  /** Who, readable without a join: "Anna Quality (quality)", "worker", "seed". */
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  /** When it happened, for history loaded after the fact (the demo seed); live write paths leave it to the clock. */
  at?: Date;
}

/** The actor fields of an entry made by a signed-in user. */
export function auditActor(user: { id: number; name: string; role: string }) {
  return { actorId: user.id, actor: `${user.name} (${user.role})` };
}

/** Keys sorted at every level, so the hash does not depend on how jsonb orders them. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The plain chain: anyone who can write the table can recompute it, which is why entries also carry a MAC. */
export function entryHash(prevHash: string, e: { seq: number; at: Date; actorId: number | null; actor: string; action: string; entityType: string; entityId: string | null; data: unknown }) {
  const body = canonical({ seq: e.seq, at: e.at.toISOString(), actorId: e.actorId, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, data: e.data });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** Seals the entry and, through its hash, every entry before it; without the key it cannot be recomputed. */
export function entryMac(key: string, hash: string) {
  return createHmac("sha256", key).update(hash).digest("hex");
}

/** The entry after `last`, hashed and (with AUDIT_HMAC_KEY) sealed. */
function sealEntry(last: AuditHead | null, input: AuditInput) {
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? new Date(),
    actorId: input.actorId,
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = entryHash(prevHash, entry);
  const key = env().AUDIT_HMAC_KEY;
  return { ...entry, prevHash, hash, mac: key ? entryMac(key, hash) : null };
}

async function appendInTx(tx: Tx, input: AuditInput) {
  // One writer at a time keeps the chain linear; held until the caller's transaction ends.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const row = sealEntry(await readAuditHead(tx), input);
  await tx.insert(auditLog).values(row);
  return row;
}

/**
 * appendAudit inside a plain postgres.js transaction: the ingest worker's. Drizzle
 * cannot be put on that client, because drizzle() replaces its date and json
 * serializers, which the worker's own queries rely on.
 */
export async function appendAuditSql(tx: postgres.TransactionSql, input: AuditInput) {
  await tx`select pg_advisory_xact_lock(${AUDIT_LOCK})`;
  const [last] = await tx<{ seq: string; hash: string; mac: string | null }[]>`select seq, hash, mac from audit_log order by seq desc limit 1`;
  const row = sealEntry(last ? { ...last, seq: Number(last.seq) } : null, input);
  await tx`
    insert into audit_log (seq, at, actor_id, actor, action, entity_type, entity_id, data, prev_hash, hash, mac)
    values (${row.seq}, ${row.at}, ${row.actorId}, ${row.actor}, ${row.action}, ${row.entityType}, ${row.entityId},
      ${tx.json(row.data as postgres.JSONValue)}, ${row.prevHash}, ${row.hash}, ${row.mac})`;
  return row;
}

/** Every write path records itself here, inside its own transaction when it has one. */
export async function appendAudit(db: DbOrTx, input: AuditInput) {
  if ("rollback" in db) return appendInTx(db, input);
  return db.transaction((tx) => appendInTx(tx, input));
}

export type AuditHead = Pick<AuditEntry, "seq" | "hash" | "mac">;

export async function readAuditHead(db: DbOrTx): Promise<AuditHead | null> {
  const [head] = await db.select({ seq: auditLog.seq, hash: auditLog.hash, mac: auditLog.mac }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return head ?? null;
}
