import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";

import { createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { e2eAnchorFile, e2eEnvironmentFile, emptyPortalPort, type E2eEnvironment } from "@/e2e/fixtures/environment";
import { ssoClient, ssoRoleMap, startOidcProvider } from "@/e2e/fixtures/oidc-provider";
import { SETUP_CODE_PATTERN } from "@/server/auth/setup";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { spawnTsx, spawnWeb } from "@/server/runtime/processes";
import { env as config } from "@/server/env";
import { createTestDatabase, dropOrphanedTestDatabases } from "@/server/testing/database";
import { waitFor } from "@/server/testing/support";

/**
 * Playwright's web server: two portals on the production build, each with
 * its database, embedded broker and ingestion worker, and an OpenID provider
 * for single sign-on that both use.
 * - E2E_PORT: the seeded portal (the demo factory, demo accounts) most specs use.
 * - E2E_PORT + 1: an empty portal (migrated, no seed, no users) as `npm start -- --empty`
 *   gives a plant; the setup code its web server prints is read from its console and
 *   handed to the specs in the environment file (e2e/onboarding).
 * Everything is stopped and the databases dropped when Playwright stops us.
 */
const port = process.env.E2E_PORT ?? "3100";
const emptyPort = emptyPortalPort(port);
// Playwright may kill this script before it drops its databases: clear up after earlier runs first.
await dropOrphanedTestDatabases("threadline_e2e");
await dropOrphanedTestDatabases("threadline_e2e_empty");
const database = await createTestDatabase("threadline_e2e");
const emptyDatabase = await createTestDatabase("threadline_e2e_empty");
const databases = [database, emptyDatabase];
const sql = createSqlClient(database.url, { max: 1 });
await seedDatabase(sql, { units: 600 });
await sql.end();

const broker = await startEmbeddedBroker(0);
const emptyBroker = await startEmbeddedBroker(0);
const oidc = await startOidcProvider([port, emptyPort].flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]));
fs.mkdirSync(".data", { recursive: true });
// Anchors of an earlier run name another database.
for (const p of [port, emptyPort]) fs.rmSync(e2eAnchorFile(p), { force: true });

// The seed signed its audit entries with the environment's key; without one they are plain, as from a release before the key.
const auditKey = config().AUDIT_HMAC_KEY ?? randomBytes(32).toString("base64");
function portalEnv(p: string, databaseUrl: string, mqttUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    MQTT_URL: mqttUrl,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUDIT_HMAC_KEY: auditKey,
    AUDIT_ANCHOR_FILE: e2eAnchorFile(p),
    AUTH_TRUST_HOST: "true",
    AUTH_OIDC_ISSUER: oidc.issuer,
    AUTH_OIDC_CLIENT_ID: ssoClient.id,
    AUTH_OIDC_CLIENT_SECRET: ssoClient.secret,
    AUTH_OIDC_NAME: "Test SSO",
    AUTH_OIDC_ROLE_MAP: ssoRoleMap,
    NEXT_TELEMETRY_DISABLED: "1",
    // The webhook spec's receiver listens on this machine, which webhooks may not reach by default (docs/webhooks.md).
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    THREADLINE_DEMO: "0",
    PORT: p,
  };
}
const children: ChildProcess[] = [];
function startPortal(p: string, env: NodeJS.ProcessEnv, webOptions: Parameters<typeof spawnWeb>[0]) {
  const worker = spawnTsx("server/ingest/main.ts", { env: { ...env, INGEST_CLIENT_ID: `threadline-e2e-${p}`, INGEST_HEALTH_PORT: "-1" }, stdio: "inherit" });
  const web = spawnWeb({ env, ...webOptions });
  children.push(worker, web);
  web.once("exit", (code) => {
    if (!isStopping) {
      console.error(`the web server on port ${p} exited (${code})`);
      void stop(1);
    }
  });
  return web;
}

let isStopping = false;
async function stop(code = 0) {
  if (isStopping) return;
  isStopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r)))));
  await Promise.all([broker.stop(), emptyBroker.stop(), oidc.stop()]);
  await Promise.all(databases.map((d) => d.drop()));
  process.exit(code);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

// The empty portal first: its web server prints the setup code on its console, which is read here as a person would read it.
const emptyWeb = startPortal(emptyPort, {
    ...portalEnv(emptyPort, emptyDatabase.url, emptyBroker.url),
    WEB_CONCURRENCY: "1",
    // The first-day spec reads first-pass yield off the KPI page within seconds of the units.
    KPI_ROLLUP_SECONDS: "5",
  }, { stdio: ["ignore", "pipe", "inherit"] });
let setupCode: string | undefined;
let printed = "";
emptyWeb.stdout!.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  printed = (printed + chunk.toString()).slice(-4096);
  setupCode ??= /setup code (\S+)/.exec(printed)?.[1]?.match(SETUP_CODE_PATTERN)?.[1];
});
const emptyUrl = `http://localhost:${emptyPort}`;
await waitFor("the empty portal's setup code", () => setupCode, 120_000);
await waitFor("the empty portal", () => fetch(`${emptyUrl}/setup`).then((r) => r.ok), 120_000);

fs.writeFileSync(
  e2eEnvironmentFile(port),
  JSON.stringify({
    databaseUrl: database.url,
    mqttUrl: broker.url,
    oidcIssuer: oidc.issuer,
    emptyPortal: { url: emptyUrl, databaseUrl: emptyDatabase.url, mqttUrl: emptyBroker.url, setupCode: setupCode! },
  } satisfies E2eEnvironment),
);
startPortal(port, portalEnv(port, database.url, broker.url), { stdio: "inherit" });
