import { createDb, createSqlClient } from "@/db";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAuditChain } from "@/server/audit/verify";
import { restoreDatabase } from "@/server/backup/backup";
import { requireDatabaseUrl } from "@/server/env";

/**
 * `npm run db:restore -- file [--into URL]`: restores a backup into a new,
 * empty database (DATABASE_URL by default), then checks its audit chain the
 * way `npm run audit:verify` does (docs/backup.md).
 */
const args = process.argv.slice(2);
const into = args.indexOf("--into");
const file = args.find((a, i) => !a.startsWith("--") && (into < 0 || i !== into + 1));
if (!file || (into >= 0 && !args[into + 1])) {
  console.error("usage: npm run db:restore -- <backup file> [--into postgres://…/new-database]");
  process.exit(2);
}
const url = into >= 0 ? (args[into + 1] ?? "") : requireDatabaseUrl();
try {
  await restoreDatabase(file, url);
  console.log(`restored ${file} into ${new URL(url).pathname.slice(1)}`);
} catch (error) {
  console.error(`restore failed: ${(error as Error).message}`);
  process.exit(1);
}
const sql = createSqlClient(url, { max: 1 });
try {
  const result = await verifyAuditChain(createDb(sql), auditSettings());
  for (const finding of result.findings) console.log(`${finding.level.padEnd(7)} ${finding.text}`);
  console.log(result.ok ? "audit chain verified on the restored database" : "AUDIT CHAIN BROKEN on the restored database");
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await sql.end();
}
