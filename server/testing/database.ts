import net from "node:net";
import path from "node:path";

import { createDb, createSqlClient } from "@/db";
import { runMigrations } from "@/db/migrate";
import { env } from "@/server/env";
import { startEmbeddedPostgres } from "@/server/runtime/embedded-postgres";
import { isProcessAlive } from "@/server/runtime/processes";

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

function isReachable(port: number, host = "127.0.0.1") {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/**
 * The Postgres server that tests use: TEST_DATABASE_ADMIN_URL if set, else the
 * real server at 127.0.0.1:5432 when it answers, else an embedded one under .data/.
 */
export async function testServerAdminUrl(): Promise<string> {
  const configured = env().TEST_DATABASE_ADMIN_URL;
  if (configured) return configured;
  if (await isReachable(5432)) return LOCAL_SERVER;
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(".data/test-postgres"), port: 54330, database: "postgres" });
  return embedded.adminUrl;
}

/**
 * Drops databases of this prefix whose creating process is gone (the pid is
 * in the name): a test run killed before its cleanup leaves them behind.
 */
export async function dropOrphanedTestDatabases(prefix: string) {
  const admin = createSqlClient(await testServerAdminUrl(), { max: 1 });
  try {
    const rows = await admin<{ name: string }[]>`select datname as name from pg_database where starts_with(datname, ${`${prefix}_`})`;
    for (const { name } of rows) {
      const pid = Number(name.slice(prefix.length + 1).split("_")[0]);
      if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Set by vitest's global setup (server/testing/template-database.ts): a migrated database
 * that test databases are copied from, which costs a file copy instead of every migration.
 */
export const TEMPLATE_DATABASE_ENV = "THREADLINE_TEST_TEMPLATE_DATABASE";

/**
 * A new, migrated database of its own; drop() removes it. It is a copy of the run's template
 * database when there is one, unless `isMigratedHere` asks for the migrations to run on it.
 */
export async function createTestDatabase(prefix = "threadline_test", options: { isMigratedHere?: boolean } = {}) {
  const adminUrl = await testServerAdminUrl();
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const template = options.isMigratedHere ? undefined : process.env[TEMPLATE_DATABASE_ENV];
  const admin = createSqlClient(adminUrl, { max: 1 });
  await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ""}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (!template) await runMigrations(url.toString());
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = createSqlClient(adminUrl, { max: 1 });
      await client.unsafe(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A migrated database plus a drizzle client on it, for integration tests. */
export async function openTestDb(prefix?: string, options?: Parameters<typeof createTestDatabase>[1]) {
  const database = await createTestDatabase(prefix, options);
  const sql = createSqlClient(database.url, { max: 5 });
  const db = createDb(sql);
  return {
    ...database,
    sql,
    db,
    async close() {
      await sql.end();
      await database.drop();
    },
  };
}
