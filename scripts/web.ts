import os from "node:os";

import { createDb, createSqlClient } from "@/db";
import { issueSetupCode, setupCodeMessage } from "@/server/auth/setup";
import { env } from "@/server/env";
import { NEXT_BIN } from "@/server/runtime/processes";
import { runCluster } from "@/server/runtime/web-cluster";

/**
 * `npm run start:web`: the production web server, WEB_CONCURRENCY `next start`
 * processes on PORT, one per core by default. Each has its own realtime hub
 * (one LISTEN connection, one memo), all fed by the same NOTIFY channel.
 * Further arguments go to `next start` (for example --hostname). On a
 * database without users it first prints the one-time setup code of the
 * first administrator (server/auth/setup.ts).
 */
const config = env();
if (!config.AUDIT_HMAC_KEY) {
  console.error("[web] AUDIT_HMAC_KEY is required: 32+ random characters that sign the audit log, kept where the database is not (docs/audit.md).");
  process.exit(2);
}
if (config.DATABASE_URL) {
  const sql = createSqlClient(config.DATABASE_URL, { max: 1 });
  try {
    const code = await issueSetupCode(createDb(sql));
    if (code) console.log(`[web] ${setupCodeMessage(code, `http://localhost:${config.PORT}`)}`);
  } catch (error) {
    console.error(`[web] cannot read the users table (${(error as Error).message}); has \`npm run db:migrate\` run on DATABASE_URL?`);
    process.exit(2);
  } finally {
    await sql.end();
  }
}
runCluster({
  name: "web",
  exec: NEXT_BIN,
  args: ["start", "--port", String(config.PORT), ...process.argv.slice(2)],
  count: config.WEB_CONCURRENCY ?? Math.min(os.availableParallelism(), 4),
  banner: /▲ Next\.js|^\s*- (Local|Network|Environments):|✓ (Starting|Ready in)|^\s*$/,
});
