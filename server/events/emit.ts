import { sql as dsql, type SQL } from "drizzle-orm";
import type postgres from "postgres";

import type { DbOrTx } from "@/db";

import type { EventType, ThreadlineEvent } from "./catalog";

/** Drizzle (web app) or raw postgres.js (ingest worker): both enqueue in the caller's transaction. */
export type SqlExecutor = DbOrTx | postgres.Sql | postgres.TransactionSql;

export interface NewEvent {
  type: EventType;
  occurredAt?: Date;
  line?: string | null;
  summary: string;
  link?: string | null;
  data?: Record<string, unknown>;
  /** Emits the event at most once per key (watchers, redelivered MQTT messages). */
  dedupeKey?: string;
}

/**
 * Runs one statement with $n placeholders on either kind of client. Pass JSON
 * as text (`$n::text::jsonb`): postgres.js would encode a jsonb parameter again.
 */
export async function execute<T extends Record<string, unknown>>(executor: SqlExecutor, text: string, params: unknown[]): Promise<T[]> {
  if (typeof executor === "function") return (await executor.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[];
  const chunks: SQL[] = text.split(/\$(\d+)/).map((part, i) => (i % 2 ? dsql`${params[Number(part) - 1]}` : dsql.raw(part)));
  return (await executor.execute(dsql.join(chunks))) as unknown as T[];
}

const envelopeColumns = `id::text, type, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt", line, summary, link, data`;

/**
 * Records the event and enqueues its fan-out in one statement, so inside the
 * caller's transaction: a rolled-back change never reaches anyone, a committed
 * one always does (docs/webhooks.md, "Delivery"). Null when the dedupe key was
 * already used.
 */
export async function emitEvent(executor: SqlExecutor, event: NewEvent): Promise<ThreadlineEvent | null> {
  const [row] = await execute<ThreadlineEvent & { queued: boolean }>(
    executor,
    `with inserted as (
       insert into events (type, occurred_at, line, summary, link, data, dedupe_key)
       values ($1, $2::timestamptz, $3, $4, $5, $6::text::jsonb, $7)
       on conflict (dedupe_key) do nothing
       returning *)
     select ${envelopeColumns}, graphile_worker.add_job('fan_out', json_build_object('eventId', id), job_key => 'fan_out:' || id::text) is not null as queued
     from inserted`,
    [event.type, (event.occurredAt ?? new Date()).toISOString(), event.line ?? null, event.summary, event.link ?? null, JSON.stringify(event.data ?? {}), event.dedupeKey ?? null],
  );
  if (!row) return null;
  const { queued: _, ...envelope } = row;
  return envelope;
}

export async function loadEvent(executor: SqlExecutor, id: string): Promise<ThreadlineEvent | null> {
  const [row] = await execute<ThreadlineEvent>(executor, `select ${envelopeColumns} from events where id = $1::uuid`, [id]);
  return row ?? null;
}
