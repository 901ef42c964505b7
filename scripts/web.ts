import os from "node:os";

import { env } from "@/server/env";
import { NEXT_BIN } from "@/server/runtime/processes";
import { runCluster } from "@/server/runtime/web-cluster";

/**
 * `npm run start:web`: the production web server, WEB_CONCURRENCY `next start`
 * processes on PORT, one per core by default. Each has its own realtime hub
 * (one LISTEN connection, one memo), all fed by the same NOTIFY channel.
 * Further arguments go to `next start` (for example --hostname).
 */
const config = env();
if (!config.AUDIT_HMAC_KEY) {
  console.error("[web] AUDIT_HMAC_KEY is required: 32+ random characters that sign the audit log, kept where the database is not (docs/audit.md).");
  process.exit(2);
}
runCluster({
  name: "web",
  exec: NEXT_BIN,
  args: ["start", "--port", String(config.PORT), ...process.argv.slice(2)],
  count: config.WEB_CONCURRENCY ?? Math.min(os.availableParallelism(), 4),
  banner: /▲ Next\.js|^\s*- (Local|Network|Environments):|✓ (Starting|Ready in)|^\s*$/,
});
