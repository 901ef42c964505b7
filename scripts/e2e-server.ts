import { randomBytes } from "node:crypto";
import fs from "node:fs";

import { createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { e2eAnchorFile, e2eEnvironmentFile, type E2eEnvironment } from "@/e2e/fixtures/environment";
import { ssoClient, startOidcProvider } from "@/e2e/fixtures/oidc-provider";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { spawnTsx, spawnWeb } from "@/server/runtime/processes";
import { env as config } from "@/server/env";
import { createTestDatabase, dropOrphanedTestDatabases } from "@/server/testing/database";

/**
 * Playwright's web server: a fresh seeded database, an embedded broker, an
 * OpenID provider for single sign-on and an ingestion worker of its own, then the web server (scripts/web.ts) on the production build.
 * Everything is stopped and the database dropped when Playwright stops us.
 */
const port = process.env.E2E_PORT ?? "3100";
// Playwright may kill this script before it drops its database: clear up after earlier runs first.
await dropOrphanedTestDatabases("threadline_e2e");
const database = await createTestDatabase("threadline_e2e");
const sql = createSqlClient(database.url, { max: 1 });
await seedDatabase(sql, { units: 600 });
await sql.end();

const broker = await startEmbeddedBroker(0);
const oidc = await startOidcProvider([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
fs.mkdirSync(".data", { recursive: true });
// Anchors of an earlier run name another database.
fs.rmSync(e2eAnchorFile(port), { force: true });
fs.writeFileSync(e2eEnvironmentFile(port), JSON.stringify({ databaseUrl: database.url, mqttUrl: broker.url, oidcIssuer: oidc.issuer } satisfies E2eEnvironment));

// The seed signed its audit entries with the environment's key; without one they are plain, as from a release before the key.
const auditKey = config().AUDIT_HMAC_KEY ?? randomBytes(32).toString("base64");
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  MQTT_URL: broker.url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  AUDIT_HMAC_KEY: auditKey,
  AUDIT_ANCHOR_FILE: e2eAnchorFile(port),
  AUTH_TRUST_HOST: "true",
  AUTH_OIDC_ISSUER: oidc.issuer,
  AUTH_OIDC_CLIENT_ID: ssoClient.id,
  AUTH_OIDC_CLIENT_SECRET: ssoClient.secret,
  AUTH_OIDC_NAME: "Test SSO",
  NEXT_TELEMETRY_DISABLED: "1",
  THREADLINE_DEMO: "0",
  PORT: port,
};
const worker = spawnTsx("server/ingest/main.ts", { env: { ...env, INGEST_CLIENT_ID: `threadline-e2e-${port}`, INGEST_HEALTH_PORT: "-1" }, stdio: "inherit" });
const web = spawnWeb({ env, stdio: "inherit" });

let isStopping = false;
async function stop() {
  if (isStopping) return;
  isStopping = true;
  for (const child of [web, worker]) child.kill("SIGTERM");
  await Promise.all([web, worker].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  await Promise.all([broker.stop(), oidc.stop()]);
  await database.drop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
web.once("exit", (code) => {
  if (!isStopping) {
    console.error(`the web server exited (${code})`);
    void database.drop().then(() => process.exit(1));
  }
});
