import { asc, eq, gte } from "drizzle-orm";

import type { Db, SqlClient } from "@/db";
import { auditLog } from "@/db/schema";
import { env } from "@/server/env";

import { entryHash } from "./audit-log";
import type { AuditVerification } from "./verify";

export const problems = (result: AuditVerification) => result.findings.filter((f) => f.level === "problem").map((f) => f.text);

/** The key vitest.config.ts gives every test process. */
export function testAuditKey() {
  const key = env().AUDIT_HMAC_KEY;
  if (!key) throw new Error("vitest.config.ts sets AUDIT_HMAC_KEY for tests");
  return key;
}

/** Tampering needs the rights of a database owner: switch the append-only trigger off, as an attacker would. */
export async function tamper(sql: SqlClient, statement: () => Promise<unknown>) {
  await sql`alter table audit_log disable trigger audit_log_append_only`;
  try {
    await statement();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_append_only`;
  }
}

/**
 * An attacker who knows the scheme but not the key: changes entry `seq`'s data
 * and recomputes the plain hash of it and of every entry after it. The MACs
 * are left as they were, or removed.
 */
export async function rewriteEntry(db: Db, sql: SqlClient, seq: number, data: Record<string, unknown>, options: { isStrippingMacs?: boolean } = {}) {
  await tamper(sql, async () => {
    await db.update(auditLog).set({ data }).where(eq(auditLog.seq, seq));
    const rows = await db.select().from(auditLog).where(gte(auditLog.seq, seq)).orderBy(asc(auditLog.seq));
    let prevHash = rows[0]?.prevHash ?? "";
    for (const row of rows) {
      const hash = entryHash(prevHash, row);
      await db
        .update(auditLog)
        .set({ prevHash, hash, ...(options.isStrippingMacs ? { mac: null } : {}) })
        .where(eq(auditLog.seq, row.seq));
      prevHash = hash;
    }
  });
}
