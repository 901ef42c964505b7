import type { SqlClient } from "@/db";

import { emitEvent } from "./emit";

export interface WatcherSettings {
  stationDownMinutes: number;
  deadLetterSpikeCount: number;
  deadLetterSpikeMinutes: number;
  workerDownMinutes: number;
}

/** Stations DOWN longer than the threshold: one event per down interval (its id is the dedupe key). */
export async function watchStationsDown(sql: SqlClient, settings: WatcherSettings) {
  const down = await sql<{ id: string; startedAt: Date; reason: string | null; station: string; stationName: string; line: string }[]>`
    select i.id::text, i.started_at as "startedAt", i.reported_reason as reason, s.code as station, s.name as "stationName", l.code as line
    from station_state_intervals i join stations s on s.id = i.station_id join lines l on l.id = s.line_id
    where i.ended_at is null and i.state = 'DOWN' and i.started_at < now() - make_interval(mins => ${settings.stationDownMinutes})
      and not exists (select 1 from events e where e.dedupe_key = 'station.down:' || i.id)`;
  for (const d of down) {
    await emitEvent(sql, {
      type: "station.down",
      line: d.line,
      summary: `Station ${d.station} (${d.stationName}) on line ${d.line} has been down since ${d.startedAt.toISOString()}${d.reason ? `: ${d.reason}` : ""}.`,
      link: `/lines/${d.line}/stations/${d.station}`,
      data: { station: d.station, downSince: d.startedAt.toISOString(), reason: d.reason, thresholdMinutes: settings.stationDownMinutes },
      dedupeKey: `station.down:${d.id}`,
    });
  }
}

/** Many dead letters in a short window: once per window. */
export async function watchDeadLetterSpike(sql: SqlClient, settings: WatcherSettings) {
  const [row] = await sql<{ n: number; bucket: string }[]>`
    select count(*)::int as n, floor(extract(epoch from now()) / ${settings.deadLetterSpikeMinutes * 60})::bigint::text as bucket
    from dead_letters where received_at > now() - make_interval(mins => ${settings.deadLetterSpikeMinutes})`;
  if (!row || row.n < settings.deadLetterSpikeCount) return;
  await emitEvent(sql, {
    type: "dead_letters.spike",
    summary: `${row.n} MQTT messages were rejected in the last ${settings.deadLetterSpikeMinutes} minutes.`,
    link: "/admin/ingestion",
    data: { count: row.n, windowMinutes: settings.deadLetterSpikeMinutes, threshold: settings.deadLetterSpikeCount },
    dedupeKey: `dead_letters.spike:${row.bucket}`,
  });
}

/** A running worker (not stopped) whose heartbeat is stale: once per silence. */
export async function watchWorkersDown(sql: SqlClient, settings: WatcherSettings) {
  const stale = await sql<{ id: string; hostname: string; heartbeatAt: Date }[]>`
    select id, hostname, heartbeat_at as "heartbeatAt" from ingest_workers
    where stopped_at is null and heartbeat_at < now() - make_interval(mins => ${settings.workerDownMinutes})`;
  for (const w of stale) {
    await emitEvent(sql, {
      type: "worker.down",
      summary: `Ingestion worker ${w.id} on ${w.hostname} has not reported since ${w.heartbeatAt.toISOString()}.`,
      link: "/admin/ingestion",
      data: { worker: w.id, hostname: w.hostname, lastHeartbeat: w.heartbeatAt.toISOString() },
      dedupeKey: `worker.down:${w.id}:${w.heartbeatAt.toISOString()}`,
    });
  }
}
