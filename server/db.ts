import { createDb, createSqlClient, type Db, type SqlClient } from "@/db";

import { requireDatabaseUrl } from "./env";

const cache = globalThis as unknown as { threadlineSql?: SqlClient; threadlineDb?: Db };

/** The web server's one pool (kept across hot reloads in development), as postgres.js… */
export function getSql(): SqlClient {
  cache.threadlineSql ??= createSqlClient(requireDatabaseUrl(), { max: 10 });
  return cache.threadlineSql;
}

/** …and as drizzle over the same connections. */
export function getDb(): Db {
  cache.threadlineDb ??= createDb(getSql());
  return cache.threadlineDb;
}
