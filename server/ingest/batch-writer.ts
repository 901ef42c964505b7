import type postgres from "postgres";

import type { SqlClient } from "@/db";
import { appendAuditSql } from "@/server/audit/audit-log";
import { ValidationError } from "@/server/errors";
import { REALTIME_CHANNEL, realtimeEvent, type RealtimeEventKind } from "@/server/realtime/events";

import { describeRef, timeWindowError, type IngestRecord, type TimeWindow } from "./records";
import type { StationResolver } from "./station-resolver";
import { emitAlarmEvent } from "./alarm-events";
import { recordUnitResult } from "./unit-writer";

type Tx = postgres.TransactionSql;

/** What the writer needs of a received message. */
export interface BatchMessage {
  topic: string;
  payload: Buffer;
  records: IngestRecord[];
  /** Date.now() when the worker received it: records' times are judged against it. */
  receivedAt: number;
  /** Why (part of) the message cannot be ingested; it then goes to dead letters with its raw bytes. */
  errors: string[];
}

export interface BatchOutcome {
  rows: number;
  deadLetters: number;
  /** Station id → latest message time in this batch. */
  stations: Map<number, Date>;
  events: Map<RealtimeEventKind, Set<number>>;
}

type Resolved<R extends IngestRecord = IngestRecord> = { record: R; stationIds: number[]; message: BatchMessage };

const notifyKinds: Partial<Record<IngestRecord["kind"], RealtimeEventKind>> = {
  telemetry: "telemetry",
  state: "state",
  alarm: "alarm",
  count: "count",
  unit: "unit",
  "gap-open": "signal",
  "gap-close": "signal",
};

/** Errors that say "this message is wrong", as opposed to "the database is unwell". */
export function isDataError(error: unknown): boolean {
  if (error instanceof ValidationError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23)/.test(code);
}

export interface WriteOptions {
  timeWindow: TimeWindow;
  /** Stations with an open silence gap: a message from one closes it. */
  silentStations: ReadonlySet<number>;
}

/**
 * Writes one batch in one transaction: bulk telemetry through COPY and
 * counts through unnest, neither adding a row a redelivered message wrote,
 * state, alarm, unit and signal-gap records one by one, dead letters, and a
 * NOTIFY per kind of change, delivered by Postgres only if the batch commits.
 * A record dated outside the time window is not written, nor a state or count
 * contradicting one already stored for its instant; its message becomes a
 * dead letter.
 */
export async function writeBatch(sql: SqlClient, resolver: StationResolver, messages: BatchMessage[], options: WriteOptions): Promise<BatchOutcome> {
  const deadLetters = new Map<BatchMessage, string[]>();
  const resolved: Resolved[] = [];
  const addError = (message: BatchMessage, error: string) => deadLetters.set(message, [...(deadLetters.get(message) ?? []), error]);

  for (const message of messages) {
    for (const error of message.errors) addError(message, error);
    const pending: Resolved[] = [];
    let unknown: string | null = null;
    for (const record of message.records) {
      const outside = timeWindowError(record, message.receivedAt, options.timeWindow);
      if (outside) {
        addError(message, outside);
        continue;
      }
      const stationIds = resolver.lookup(record.station) ?? (await resolver.resolve(record.station));
      if (stationIds) pending.push({ record, stationIds, message });
      else if (record.kind !== "gap-open" && record.kind !== "gap-close") unknown = describeRef(record.station);
    }
    if (unknown !== null) {
      const hint = unknown.startsWith("spBv1.0") ? "no sparkplug_mappings row for" : "unknown station";
      addError(message, `${hint} ${unknown}`);
    } else {
      resolved.push(...pending);
    }
  }

  const telemetry = resolved.filter((r): r is Resolved<Extract<IngestRecord, { kind: "telemetry" }>> => r.record.kind === "telemetry");
  const metricIds = await resolver.metricIdsFor(telemetry.flatMap((t) => t.record.metrics.map(([name]) => name)));

  const outcome: BatchOutcome = { rows: 0, deadLetters: 0, stations: new Map(), events: new Map() };
  const touch = (kind: IngestRecord["kind"], stationIds: number[], at: Date) => {
    const eventKind = notifyKinds[kind];
    if (eventKind) {
      let set = outcome.events.get(eventKind);
      if (!set) outcome.events.set(eventKind, (set = new Set()));
      for (const id of stationIds) set.add(id);
    }
    if (kind === "gap-open" || kind === "gap-close") return;
    for (const id of stationIds) {
      const last = outcome.stations.get(id);
      if (!last || last < at) outcome.stations.set(id, at);
    }
  };

  await sql.begin(async (tx) => {
    outcome.rows += await insertTelemetry(tx, telemetry, metricIds);
    for (const r of telemetry) touch("telemetry", r.stationIds, r.record.ts);
    const counted = await insertCounts(tx, resolved);
    outcome.rows += counted.rows;
    for (const [item, reason] of counted.refused) addError(item.message, reason);

    for (const item of resolved) {
      const { record, stationIds } = item;
      const stationId = stationIds[0] ?? 0;
      switch (record.kind) {
        case "telemetry":
          continue;
        case "count":
          if (!counted.refused.has(item)) touch("count", stationIds, record.ts);
          continue;
        case "state":
        case "alarm": {
          const rows = record.kind === "state" ? await recordState(tx, stationId, record) : await recordAlarm(tx, stationId, record);
          if (typeof rows === "string") {
            addError(item.message, rows);
            continue;
          }
          outcome.rows += rows;
          touch(record.kind, stationIds, record.ts);
          continue;
        }
        case "gap-open":
          outcome.rows += await openGaps(tx, stationIds, record);
          touch("gap-open", stationIds, record.at);
          continue;
        case "gap-close":
          outcome.rows += await closeGaps(tx, stationIds, record.at);
          touch("gap-close", stationIds, record.at);
          continue;
        case "unit": {
          try {
            const result = await tx.savepoint(async (sp) => {
              const outcome = await recordUnitResult(sp, stationId, record.unit, record.messageKey);
              if (outcome.startedWorkOrder) {
                await appendAuditSql(sp, {
                  actorId: null,
                  actor: "worker",
                  action: "work_order.started",
                  entityType: "work_order",
                  entityId: outcome.startedWorkOrder,
                  data: { from: "released", to: "in_progress", serial: record.unit.serial, station: describeRef(record.station) },
                });
              }
              return outcome;
            });
            if (!result.isDuplicate) outcome.rows++;
            touch("unit", stationIds, new Date(record.unit.ts));
            if (result.breaches.length) touch("alarm", stationIds, new Date(record.unit.ts));
          } catch (error) {
            if (!isDataError(error)) throw error;
            addError(item.message, `unit ${record.unit.serial}: ${(error as Error).message}`);
          }
          continue;
        }
      }
    }

    const heardAgain = [...outcome.stations.keys()].filter((id) => options.silentStations.has(id));
    if (heardAgain.length) {
      await tx`update signal_gaps set ended_at = greatest(started_at, now()) where kind = 'silence' and ended_at is null and station_id = any(${tx.array(heardAgain)}::int[])`;
      touch("gap-close", heardAgain, new Date());
    }
    outcome.deadLetters = await insertDeadLetters(tx, deadLetters);
    await notify(tx, outcome.events);
  });
  return outcome;
}

/**
 * One INSERT … SELECT from unnest'ed column arrays under a savepoint. Only if
 * that meets a key already there (a redelivered message: rare) is it redone
 * with ON CONFLICT DO NOTHING, which costs Postgres noticeably more per row.
 * (Not COPY: a postgres.js 3.4.9 COPY stream whose connection dies can emit
 * its error before anyone can listen, which crashes the process.)
 */
async function insertTelemetry(tx: Tx, telemetry: Resolved<Extract<IngestRecord, { kind: "telemetry" }>>[], metricIds: Map<string, number>) {
  if (!telemetry.length) return 0;
  const stationIds: number[] = [];
  const metrics: number[] = [];
  const times: string[] = [];
  const values: number[] = [];
  for (const { record, stationIds: ids } of telemetry) {
    const ts = record.ts.toISOString();
    const stationId = ids[0] ?? 0;
    for (const [name, value] of record.metrics) {
      stationIds.push(stationId);
      metrics.push(metricIds.get(name) ?? 0);
      times.push(ts);
      values.push(value);
    }
  }
  const insert = (q: Tx, onConflict: postgres.PendingQuery<postgres.Row[]>) => q`
    insert into telemetry_samples (station_id, metric_id, ts, value)
    select * from unnest(${q.array(stationIds)}::int[], ${q.array(metrics)}::smallint[], ${q.array(times)}::timestamptz[], ${q.array(values)}::float8[])
    ${onConflict}`;
  try {
    await tx.savepoint((sp) => insert(sp, sp``));
    return values.length;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "23505") throw error;
  }
  const result = await insert(tx, tx`on conflict do nothing`);
  return result.count;
}

const describeCount = (c: { good: number; scrap: number; rework?: number }) => `good ${c.good}, scrap ${c.scrap}, rework ${c.rework ?? 0}`;

/**
 * All counts in one INSERT. A count whose (station, ts) was taken already is
 * a redelivery when it says the same, and refused when it says otherwise.
 */
async function insertCounts(tx: Tx, resolved: Resolved[]): Promise<{ rows: number; refused: Map<Resolved, string> }> {
  const items = resolved.filter((r): r is Resolved<Extract<IngestRecord, { kind: "count" }>> => r.record.kind === "count");
  const refused = new Map<Resolved, string>();
  if (!items.length) return { rows: 0, refused };
  const counts = items.map((r) => ({ ...r.record.count, stationId: r.stationIds[0] ?? 0, ts: r.record.ts.toISOString() }));
  const stationIds = tx.array(counts.map((c) => c.stationId));
  const times = tx.array(counts.map((c) => c.ts));
  const result = await tx`
    insert into production_counts (station_id, ts, good, scrap, rework)
    select * from unnest(${stationIds}::int[], ${times}::timestamptz[],
      ${tx.array(counts.map((c) => c.good))}::int[], ${tx.array(counts.map((c) => c.scrap))}::int[], ${tx.array(counts.map((c) => c.rework ?? 0))}::int[])
    on conflict do nothing`;
  if (result.count === counts.length) return { rows: result.count, refused };
  const stored = await tx<{ stationId: number; ts: Date; good: number; scrap: number; rework: number }[]>`
    select c.station_id as "stationId", c.ts, c.good, c.scrap, c.rework from production_counts c
    join unnest(${stationIds}::int[], ${times}::timestamptz[]) as k(station_id, ts) on k.station_id = c.station_id and k.ts = c.ts`;
  const byKey = new Map(stored.map((c) => [`${c.stationId} ${c.ts.getTime()}`, c]));
  items.forEach((item, i) => {
    const count = counts[i];
    const existing = count && byKey.get(`${count.stationId} ${Date.parse(count.ts)}`);
    if (!count || !existing || (existing.good === count.good && existing.scrap === count.scrap && existing.rework === (count.rework ?? 0))) return;
    refused.set(item, `count at ${count.ts} (${describeCount(count)}): the station already reported ${describeCount(existing)} at that instant`);
  });
  return { rows: result.count, refused };
}

/**
 * Opens an interval at `ts` and closes the one before it. Works out of order
 * too: a late message's interval ends where the next known one starts. A
 * repeated report of the current state is no new interval. Returns the rows
 * added, or why the state is refused: another state already starts at the
 * same instant (the same state there is a redelivery, and changes nothing).
 */
async function recordState(tx: Tx, stationId: number, record: Extract<IngestRecord, { kind: "state" }>): Promise<number | string> {
  const [previous] = await tx<{ id: number; state: string; reason: string | null; startedAt: Date; endedAt: Date | null }[]>`
    select id, state, reported_reason as reason, started_at as "startedAt", ended_at as "endedAt"
    from station_state_intervals where station_id = ${stationId} and started_at <= ${record.ts}
    order by started_at desc limit 1`;
  if (previous?.startedAt.getTime() === record.ts.getTime()) {
    if (previous.state === record.state && previous.reason === record.reason) return 0;
    return `state ${describeState(record.state, record.reason)} at ${record.ts.toISOString()}: the station already reported ${describeState(previous.state, previous.reason)} at that instant`;
  }
  if (previous && previous.state === record.state && previous.reason === record.reason && (previous.endedAt === null || previous.endedAt > record.ts)) return 0;
  const inserted = await tx`
    insert into station_state_intervals (station_id, state, started_at, ended_at, reported_reason)
    values (${stationId}, ${record.state}, ${record.ts},
      (select min(started_at) from station_state_intervals where station_id = ${stationId} and started_at > ${record.ts}), ${record.reason})
    on conflict (station_id, started_at) do nothing`;
  if (previous && (previous.endedAt === null || previous.endedAt > record.ts)) {
    await tx`update station_state_intervals set ended_at = ${record.ts} where id = ${previous.id}`;
  }
  return inserted.count;
}

const describeState = (state: string, reason: string | null) => (reason === null ? state : `${state} (${reason})`);

/**
 * active:true opens an alarm unless the same code is already open (a repeated
 * raise); active:false clears the open one. Returns the rows changed, or why
 * the alarm is refused: a different alarm of that code was raised at the same
 * instant (the same one there is a redelivery, and changes nothing).
 */
async function recordAlarm(tx: Tx, stationId: number, record: Extract<IngestRecord, { kind: "alarm" }>): Promise<number | string> {
  const { alarm, ts } = record;
  if (alarm.active) {
    const [existing] = await tx<{ severity: string; message: string }[]>`
      select severity, message from alarms where station_id = ${stationId} and code = ${alarm.code} and raised_at = ${ts}`;
    if (existing) {
      if (existing.severity === alarm.severity && existing.message === alarm.message) return 0;
      return `alarm ${describeAlarm(alarm.code, alarm)} raised at ${ts.toISOString()}: the station already reported ${describeAlarm(alarm.code, existing)} at that instant`;
    }
    const raised = await tx<{ id: string }[]>`
      insert into alarms (station_id, code, severity, message, raised_at)
      select ${stationId}, ${alarm.code}, ${alarm.severity}, ${alarm.message}, ${ts}
      where not exists (select 1 from alarms where station_id = ${stationId} and code = ${alarm.code} and cleared_at is null)
      on conflict (station_id, code, raised_at) do nothing
      returning id::text`;
    for (const { id } of raised) await emitAlarmEvent(tx, "alarm.raised", id, stationId, alarm, ts);
    return raised.count;
  }
  const cleared = await tx<{ id: string }[]>`
    update alarms set cleared_at = ${ts}
    where station_id = ${stationId} and code = ${alarm.code} and cleared_at is null and raised_at <= ${ts}
    returning id::text`;
  for (const { id } of cleared) await emitAlarmEvent(tx, "alarm.cleared", id, stationId, alarm, ts);
  return cleared.count;
}

const describeAlarm = (code: string, alarm: { severity: string; message: string }) => `${code} (${alarm.severity}: ${alarm.message})`;

async function openGaps(tx: Tx, stationIds: number[], record: Extract<IngestRecord, { kind: "gap-open" }>) {
  const result = await tx`
    insert into signal_gaps (station_id, kind, started_at, detail)
    select s, ${record.gap}, ${record.at}, ${storable(record.detail)} from unnest(${tx.array(stationIds)}::int[]) as s
    where not exists (select 1 from signal_gaps g where g.station_id = s and g.kind = ${record.gap} and g.ended_at is null)`;
  return result.count;
}

async function closeGaps(tx: Tx, stationIds: number[], at: Date) {
  const result = await tx`
    update signal_gaps set ended_at = greatest(started_at, ${at})
    where station_id = any(${tx.array(stationIds)}::int[]) and ended_at is null`;
  return result.count;
}

/** Postgres text cannot hold U+0000, which a parser's message may quote from the payload: it is spelled out instead. */
const storable = (text: string) => text.replaceAll("\0", "\\u0000");

async function insertDeadLetters(tx: Tx, deadLetters: Map<BatchMessage, string[]>) {
  if (!deadLetters.size) return 0;
  const entries = [...deadLetters];
  await tx`
    insert into dead_letters (topic, payload, error)
    select t, decode(p, 'hex'), e from unnest(
      ${tx.array(entries.map(([m]) => storable(m.topic)))}::text[], ${tx.array(entries.map(([m]) => m.payload.toString("hex")))}::text[],
      ${tx.array(entries.map(([, errors]) => storable(errors.join("; ")).slice(0, 2000)))}::text[]) as u(t, p, e)`;
  return entries.length;
}

async function notify(tx: Tx, events: Map<RealtimeEventKind, Set<number>>) {
  const at = new Date().toISOString();
  for (const [kind, stations] of events) {
    const ids = [...stations];
    for (let i = 0; i < ids.length; i += 500) {
      const event = realtimeEvent.parse({ kind, stationIds: ids.slice(i, i + 500), at });
      await tx`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(event)})`;
    }
  }
}
