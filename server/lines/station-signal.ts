import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

/**
 * When each station was last heard of: the newest of what the live workers
 * report (ingest_workers.stats.lastMessageAt) and the start of its current
 * state. Stations with an open signal gap (e.g. a Sparkplug node death) are
 * listed as silent regardless.
 */
export async function getStationSignals(db: DbOrTx, stationIds: number[]) {
  if (stationIds.length === 0) return new Map<number, { lastSeen: Date | null; isGap: boolean }>();
  const rows = await db.execute<{ station_id: number; last_seen: string | null; is_gap: boolean }>(sql`
    with reported as (
      select (kv.key)::int as station_id, max((kv.value #>> '{}')::timestamptz) as at
      from ingest_workers w, jsonb_each(w.stats -> 'lastMessageAt') kv
      where w.stopped_at is null and w.heartbeat_at > now() - interval '2 minutes'
      group by 1
    )
    select s.id as station_id,
      greatest(r.at, (select max(i.started_at) from station_state_intervals i where i.station_id = s.id and i.ended_at is null)) as last_seen,
      exists (select 1 from signal_gaps g where g.station_id = s.id and g.ended_at is null) as is_gap
    from stations s left join reported r on r.station_id = s.id
    where s.id = any(${sql.param(stationIds)}::int[])`);
  return new Map(rows.map((r) => [r.station_id, { lastSeen: r.last_seen ? new Date(r.last_seen) : null, isGap: r.is_gap }]));
}
