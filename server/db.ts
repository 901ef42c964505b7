import { createDb, createSqlClient, type Db, type SqlClient } from "@/db";

import { requireDatabaseUrl } from "./env";

const cache = globalThis as unknown as { threadlineSql?: SqlClient; threadlineDb?: Db };

/** The web server's one pool (kept across hot reloads in development). */
export function getDb(): Db {
  if (!cache.threadlineDb) {
    cache.threadlineSql = createSqlClient(requireDatabaseUrl(), { max: 10 });
    cache.threadlineDb = createDb(cache.threadlineSql);
  }
  return cache.threadlineDb;
}
