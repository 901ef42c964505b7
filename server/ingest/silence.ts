import type { SqlClient } from "@/db";

const SILENCE_LOCK = 7_406_101;

/**
 * Opens a `silence` gap for every station that has been heard of but not for
 * longer than its expected interval, judged over all live workers'
 * heartbeats (a worker of a shared group sees only part of each station's
 * traffic). One worker at a time does it, under an advisory lock. Returns the
 * stations with an open silence gap: the next message from one closes it.
 */
export async function recordSilences(sql: SqlClient): Promise<Set<number>> {
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ isMine: boolean }[]>`select pg_try_advisory_xact_lock(${SILENCE_LOCK}) as "isMine"`;
    if (lock?.isMine) {
      await tx`
        with reported as (
          select (kv.key)::int as station_id, max((kv.value #>> '{}')::timestamptz) as at
          from ingest_workers w, jsonb_each(w.stats -> 'lastMessageAt') kv
          where w.stopped_at is null and w.heartbeat_at > now() - interval '2 minutes'
          group by 1
        )
        insert into signal_gaps (station_id, kind, started_at, detail)
        select s.id, 'silence', r.at, 'no message for more than ' || s.expected_interval_seconds || ' s'
        from stations s join reported r on r.station_id = s.id
        where r.at < now() - make_interval(secs => s.expected_interval_seconds)
          and not exists (select 1 from signal_gaps g where g.station_id = s.id and g.kind = 'silence' and g.ended_at is null)`;
    }
    const open = await tx<{ stationId: number }[]>`select distinct station_id as "stationId" from signal_gaps where kind = 'silence' and ended_at is null`;
    return new Set(open.map((r) => r.stationId));
  });
}
