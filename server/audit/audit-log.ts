import { createHash } from "node:crypto";

import { asc, desc, gt, sql } from "drizzle-orm";

import type { DbOrTx, Tx } from "@/db";
import { auditLog } from "@/db/schema";

const GENESIS = "0".repeat(64);
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
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function entryHash(prevHash: string, e: { seq: number; at: Date; actorId: number | null; actor: string; action: string; entityType: string; entityId: string | null; data: unknown }) {
  const body = canonical({ seq: e.seq, at: e.at.toISOString(), actorId: e.actorId, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, data: e.data });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

async function appendInTx(tx: Tx, input: AuditInput) {
  // One writer at a time keeps the chain linear; held until the caller's transaction ends.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
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
  const row = { ...entry, prevHash, hash: entryHash(prevHash, entry) };
  await tx.insert(auditLog).values(row);
  return row;
}

/** Every write path records itself here, inside its own transaction when it has one. */
export async function appendAudit(db: DbOrTx, input: AuditInput) {
  if ("rollback" in db) return appendInTx(db, input);
  return db.transaction((tx) => appendInTx(tx, input));
}

export type AuditVerification =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; seq: number; problem: string };

/** Walks the whole chain: an altered entry breaks its hash, a deleted one breaks the sequence or the link. */
export async function verifyAuditChain(db: DbOrTx): Promise<AuditVerification> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(5000);
    if (page.length === 0) return { ok: true, checked, headHash: prevHash };
    for (const row of page) {
      if (row.seq !== expectedSeq) return { ok: false, checked, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
      if (row.prevHash !== prevHash) return { ok: false, checked, seq: row.seq, problem: `entry ${row.seq} does not link to the entry before it` };
      if (entryHash(prevHash, row) !== row.hash) return { ok: false, checked, seq: row.seq, problem: `entry ${row.seq} was altered after it was written` };
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
  }
}
