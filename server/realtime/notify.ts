import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

import { REALTIME_CHANNEL, type RealtimeEventKind } from "./events";

/** Inside a transaction, Postgres delivers the NOTIFY only when it commits. */
export async function notifyRealtime(db: DbOrTx, kind: RealtimeEventKind, stationIds: number[]) {
  const payload = JSON.stringify({ kind, stationIds, at: new Date().toISOString() });
  await db.execute(sql`select pg_notify(${REALTIME_CHANNEL}, ${payload})`);
}
