import path from "node:path";
import { fileURLToPath } from "node:url";

import { migrate } from "drizzle-orm/postgres-js/migrator";

import { createDb, createSqlClient } from "./index";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const MIGRATION_LOCK = 7_406_001;

/** Safe to call from several processes at once: they take turns on an advisory lock. */
export async function runMigrations(databaseUrl: string) {
  const client = createSqlClient(databaseUrl, { max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(createDb(client), { migrationsFolder });
    // New months keep coming: make sure telemetry always has partitions ahead.
    await client`select telemetry_ensure_partitions(now(), 0, 3)`;
  } finally {
    await client.end();
  }
}
