import path from "node:path";
import { fileURLToPath } from "node:url";

import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations as runJobQueueMigrations } from "graphile-worker";

import { ensurePartitions } from "@/server/data-lifecycle/partitions";
import { env } from "@/server/env";

import { createDb, createSqlClient } from "./index";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const MIGRATION_LOCK = 7_406_001;
const silentLogger = new Logger(() => () => {});

/** Safe to call from several processes at once: they take turns on an advisory lock. */
export async function runMigrations(databaseUrl: string) {
  const client = createSqlClient(databaseUrl, { max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const db = createDb(client);
    await migrate(db, { migrationsFolder });
    // The worker keeps them ahead from then on (docs/data-lifecycle.md); a release must not wait for it.
    await ensurePartitions(db, { now: new Date(), monthsAhead: env().PARTITION_MONTHS_AHEAD, log: (m) => console.log(`[migrate] ${m}`) });
    // The job queue's own schema (graphile_worker), so that any transaction can enqueue with graphile_worker.add_job (docs/webhooks.md).
    await runJobQueueMigrations({ connectionString: databaseUrl, logger: silentLogger });
  } finally {
    await client.end();
  }
}
