import { createDb, createSqlClient } from "@/db";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAuditChain, type AuditFindingLevel } from "@/server/audit/verify";
import { requireDatabaseUrl } from "@/server/env";

/**
 * `npm run audit:verify`: the operator's check of the audit chain against
 * AUDIT_HMAC_KEY and AUDIT_ANCHOR_FILE (point it at a copy fetched from the
 * anchor's store). Reads only. Exit code 0 when intact, 1 when not.
 */
const labels: Record<AuditFindingLevel, string> = { ok: "ok     ", note: "note   ", warning: "WARNING", problem: "PROBLEM" };

const sql = createSqlClient(requireDatabaseUrl(), { max: 1 });
try {
  const result = await verifyAuditChain(createDb(sql), auditSettings());
  for (const finding of result.findings) console.log(`${labels[finding.level]} ${finding.text}`);
  console.log(result.ok ? "audit chain verified" : "AUDIT CHAIN BROKEN");
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await sql.end();
}
