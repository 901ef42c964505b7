import path from "node:path";
import { fileURLToPath } from "node:url";

import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations as runJobQueueMigrations } from "graphile-worker";

import { createDb, createSqlClient } from "./index";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const MIGRATION_LOCK = 7_406_001;
const silentLogger = new Logger(() => () => {});

/** Safe to call from several processes at once: they take turns on an advisory lock. */
export async function runMigrations(databaseUrl: string) {
  const client = createSqlClient(databaseUrl, { max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(createDb(client), { migrationsFolder });
    // New months keep coming: make sure telemetry always has partitions ahead.
    await client`select telemetry_ensure_partitions(now(), 0, 3)`;
    // The job queue's own schema (graphile_worker), so that any transaction can enqueue with graphile_worker.add_job (docs/webhooks.md).
    await runJobQueueMigrations({ connectionString: databaseUrl, logger: silentLogger });
  } finally {
    await client.end();
  }
}
