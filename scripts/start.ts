import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { env, provideGeneratedSecret } from "@/server/env";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { startEmbeddedPostgres } from "@/server/runtime/embedded-postgres";
import { spawnNext, spawnTsx, spawnWeb } from "@/server/runtime/processes";
import { prepareDatabase, startMode } from "@/server/runtime/start-mode";

/**
 * `npm start`: everything on one machine. Embedded Postgres and MQTT broker
 * unless DATABASE_URL / MQTT_URL point at real ones; migrations; in demo mode
 * the demo seed on an empty database; then the web app, the ingestion worker
 * and (demo only) the line simulator as child processes. `npm start -- --empty`
 * and a real database without THREADLINE_DEMO=1 start without any demo
 * (server/runtime/start-mode.ts); the web app then prints the setup code.
 */
const dataDir = path.resolve(".data");
const stops: (() => Promise<void>)[] = [];
const children = new Map<string, ChildProcess>();
let isStopping = false;

async function shutdown(code: number) {
  if (isStopping) return;
  isStopping = true;
  console.log("[start] stopping…");
  for (const child of children.values()) child.kill("SIGTERM");
  await Promise.all([...children.values()].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error("[start]", e));
  console.log("[start] stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function run(name: string, start: () => ChildProcess, options: { restart: boolean }) {
  const child = start();
  children.set(name, child);
  child.once("exit", (code, signal) => {
    children.delete(name);
    if (isStopping) {
      if (code) console.error(`[start] ${name} stopped with exit code ${code}`);
      return;
    }
    console.error(`[start] ${name} exited (${signal ?? code})`);
    // The worker and simulator are restarted like a process supervisor would; the web app's exit ends everything.
    if (options.restart) setTimeout(() => !isStopping && run(name, start, options), 2000);
    else void shutdown(code ?? 1);
  });
}

function buildIsMissing() {
  return !fs.existsSync(path.join(".next", "BUILD_ID"));
}

function runToEnd(child: ChildProcess) {
  return new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))));
  });
}

const started = Date.now();
const config = env();
let mode: ReturnType<typeof startMode>;
try {
  mode = startMode(process.argv.slice(2), config);
} catch (error) {
  console.error(`[start] ${(error as Error).message}`);
  process.exit(2);
}
const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", THREADLINE_DEMO: mode.isDemo ? "1" : "0" };
const isEmbedded = !config.DATABASE_URL;

if (isEmbedded) {
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: 54329, database: mode.embeddedDatabase });
  stops.push(pg.stop);
  childEnv.DATABASE_URL = pg.url;
  console.log(`[start] embedded Postgres at 127.0.0.1:54329, database ${mode.embeddedDatabase} (data in ${path.join(dataDir, "postgres")})`);
}
if (!config.MQTT_URL) {
  const broker = await startEmbeddedBroker(1884);
  stops.push(broker.stop);
  childEnv.MQTT_URL = broker.url;
  console.log(`[start] embedded MQTT broker at ${broker.url}`);
}
// Embedded database: secrets of its own, kept so that sessions and the audit chain's MACs survive restarts.
for (const [name, file] of [["AUTH_SECRET", "auth-secret"], ["AUDIT_HMAC_KEY", "audit-hmac-key"]] as const) {
  if (config[name]) continue;
  if (!isEmbedded) {
    console.error(`[start] ${name} is required with a real database: set it to a random string of 32+ characters (openssl rand -base64 32).`);
    process.exit(2);
  }
  const secretFile = path.join(dataDir, file);
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  const secret = fs.readFileSync(secretFile, "utf8").trim();
  childEnv[name] = secret;
  // The demo seed below writes audit entries in this process.
  provideGeneratedSecret(name, secret);
}
if (isEmbedded) childEnv.AUDIT_ANCHOR_FILE ??= path.join(dataDir, "audit-anchors.jsonl");
childEnv.AUTH_TRUST_HOST ??= "true";

// The first start builds the web app while the database is migrated and seeded: neither needs the other.
let build: Promise<void> = Promise.resolve();
if (buildIsMissing()) {
  console.log("[start] building the web app (first start only; `npm run build` rebuilds)");
  build = runToEnd(spawnNext(["build"], { env: childEnv, stdio: "inherit" }));
  // Awaited after the seed; until then a failure must not count as unhandled.
  build.catch(() => {});
}

await prepareDatabase(childEnv.DATABASE_URL!, mode, (m) => console.log(m));
await build.catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  return shutdown(1);
});

const port = String(config.PORT);
const inherit = ["ignore", "inherit", "inherit"] as const;
run("web", () => spawnWeb({ env: { ...childEnv, PORT: port }, stdio: [...inherit] }), { restart: false });
run("worker", () => spawnTsx("server/ingest/main.ts", { env: childEnv, stdio: [...inherit] }), { restart: true });
if (mode.isDemo) run("simulator", () => spawnTsx("server/simulator/main.ts", { env: childEnv, stdio: [...inherit] }), { restart: true });
for (let i = 0; i < 300; i++) {
  const isReady = await fetch(`http://localhost:${port}/sign-in`).then((r) => r.ok, () => false);
  if (isReady) break;
  await new Promise((r) => setTimeout(r, 200));
}
const what = mode.isDemo ? "demo factory, demo accounts on the sign-in page" : "no demo; a portal without users asks for the setup code printed above";
console.log(`[start] Threadline is up in ${((Date.now() - started) / 1000).toFixed(1)} s: http://localhost:${port} (${isEmbedded ? "embedded" : "external"} database, ${what})`);
