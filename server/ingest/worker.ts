import os from "node:os";

import type { IPublishPacket } from "mqtt";

import { createSqlClient, type SqlClient } from "@/db";

import { isDataError, writeBatch, type BatchMessage, type BatchOutcome } from "./batch-writer";
import { IngestHealth } from "./health";
import { MqttSession, type Connection, type ProtocolChoice } from "./mqtt-session";
import { messageKinds } from "./payloads";
import { parseIsa95Message, type TimeWindow } from "./records";
import { SPARKPLUG_NAMESPACE, SparkplugHost } from "./sparkplug-host";
import { recordSilences } from "./silence";
import { StationResolver } from "./station-resolver";

export interface IngestConfig {
  databaseUrl: string;
  mqttUrl: string;
  clientId: string;
  sharedGroup: string | null;
  protocol: ProtocolChoice;
  batchSize: number;
  batchMs: number;
  maxInFlight: number;
  maxPayloadBytes: number;
  timeWindow: TimeWindow;
  /** MQTT keepalive: a connection silent for 1.5 times this long is given up and made again. */
  keepaliveSeconds: number;
  autoRegister: boolean;
  heartbeatSeconds: number;
  /** Health reports the worker stalled (and /healthz answers 503) when it holds a message longer than this… */
  stallSeconds: number;
  /** …or this many batch writes fail in a row. */
  stallFailures: number;
  /** -1: no HTTP endpoint; 0: any free port. */
  healthPort: number;
  /** Interface of the metrics endpoint (default 127.0.0.1: this host only). */
  healthHost?: string;
  sparkplugHostId: string;
  /** Subscribe to spBv1.0/# and act as a Sparkplug host application. */
  isSparkplugHost: boolean;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /** Called after each commit with the batch's messages (benchmarks measure latency with it). */
  onCommit?: (messages: readonly BatchMessage[], outcome: BatchOutcome) => void;
}

interface InboundMessage extends BatchMessage {
  qos: number;
  messageId: number | undefined;
  connection: Connection;
  receivedAt: number;
}

export interface IngestWorker {
  readonly health: IngestHealth;
  readonly healthUrl: string | null;
  readonly protocolVersion: 4 | 5 | null;
  /** Finishes the messages already received (commits and acknowledges them), then disconnects. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;
/** How the worker's sessions show in pg_stat_activity. */
export const INGEST_APPLICATION_NAME = "threadline-ingest";
const DATA_RETRIES = 3;
const BATCH_TIMEOUT_MS = 60_000;
/** A second batch is written while the first commits, hiding a round trip and the commit's flush. */
const MAX_CONCURRENT_BATCHES = 2;

/**
 * The ISA-95 kinds, shared between the workers of a group. Sparkplug is never
 * shared: checking an edge node's seq needs all of its messages, so every
 * worker with Sparkplug on sees them all (its writes are idempotent, so
 * several such workers only cost duplicate work).
 */
export function subscriptionsFor(sharedGroup: string | null, isSparkplugHost: boolean) {
  const isa95 = messageKinds.map((kind) => (sharedGroup ? `$share/${sharedGroup}/` : "") + `+/+/+/+/+/${kind}`);
  return isSparkplugHost ? [...isa95, `${SPARKPLUG_NAMESPACE}/#`] : isa95;
}

/** Transient: the database went away or is restarting. Anything else is this batch's own problem. */
function isTransient(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  if (/^(08|53|57|40)/.test(code)) return true;
  return /^(E[A-Z]+|CONNECTION_[A-Z_]+|CONNECT_TIMEOUT)$/.test(code);
}

/** A write that hangs is treated like a lost connection; every write is idempotent, so a late commit of it is harmless. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`batch write took longer than ${ms} ms`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startIngestWorker(config: IngestConfig): Promise<IngestWorker> {
  const log = config.log ?? ((level, message) => console[level === "info" ? "log" : level](`[ingest] ${message}`));
  const connect = () => createSqlClient(config.databaseUrl, { max: 3, connect_timeout: 10, idle_timeout: 0, connection: { application_name: INGEST_APPLICATION_NAME } });
  let sql: SqlClient = connect();
  /**
   * After a lost connection, start over with a fresh pool: postgres.js 3.4.9
   * can leave a connection whose socket died unable to write again
   * (porsager/postgres#1154, #1208).
   */
  const reconnectDatabase = () => {
    const old = sql;
    sql = connect();
    old.end({ timeout: 0 }).catch(() => {});
  };
  const resolver = new StationResolver(() => sql, { autoRegister: config.autoRegister });
  for (let attempt = 0; ; attempt++) {
    try {
      await resolver.load();
      break;
    } catch (error) {
      if (!isTransient(error)) throw error;
      reconnectDatabase();
      if (attempt % 10 === 0) log("warn", `database not reachable yet (${(error as Error).message}); retrying`);
      await sleep(Math.min(MAX_BACKOFF_MS, 200 * (attempt + 1)));
    }
  }

  const pending: InboundMessage[] = [];
  let silentStations = new Set<number>();
  let writing = 0;
  /** Batches being written: with `pending`, every message held and not yet acknowledged. */
  const writingBatches = new Set<InboundMessage[]>();
  let isStopping = false;
  let wake: (() => void) | null = null;
  const inFlight = () => pending.length + writing;
  const startedAt = new Date();

  const sparkplugHost = new SparkplugHost(config.sparkplugHostId, (topic, payload) => session.publish(topic, payload, { qos: 0 }));
  // Sparkplug 3.0: the host's death certificate (its MQTT will) carries the timestamp of its birth.
  const stateTimestamp = Date.now();
  const session: MqttSession = new MqttSession({
    url: config.mqttUrl,
    clientId: config.clientId,
    protocol: config.protocol,
    receiveMaximum: config.maxInFlight,
    keepaliveSeconds: config.keepaliveSeconds,
    subscriptions: subscriptionsFor(config.sharedGroup, config.isSparkplugHost),
    will: config.isSparkplugHost ? { topic: sparkplugHost.stateTopic, payload: sparkplugHost.statePayload(false, stateTimestamp), qos: 1, retain: true } : undefined,
    onMessage: (packet, connection) => intake(packet, connection),
    isFull: () => inFlight() >= config.maxInFlight,
    onConnect: (connection) => {
      // Unacknowledged messages of an old connection come again on this one: drop the copies still waiting.
      for (let i = pending.length - 1; i >= 0; i--) {
        const m = pending[i];
        if (m && m.qos > 0 && m.connection !== connection) pending.splice(i, 1);
      }
      if (config.isSparkplugHost) session.publish(sparkplugHost.stateTopic, sparkplugHost.statePayload(true, stateTimestamp), { qos: 1, retain: true });
    },
    onStatus: (connected) => {
      health.mqttConnected = connected;
      if (isStopping) return;
      log(connected ? "info" : "warn", connected ? `connected to ${config.mqttUrl} as ${config.clientId}` : "MQTT connection lost; reconnecting");
    },
    log,
  });
  const health = new IngestHealth(
    { clientId: config.clientId, sharedGroup: config.sharedGroup },
    {
      queueDepth: () => pending.length,
      inFlight,
      oldestHeldAt: () => {
        const firsts = [pending[0], ...[...writingBatches].map((b) => b[0])].map((m) => m?.receivedAt ?? Infinity);
        const oldest = Math.min(...firsts);
        return Number.isFinite(oldest) ? oldest : null;
      },
      protocolVersion: () => session.protocolVersion,
      rebirthRequests: () => sparkplugHost.rebirthRequests,
    },
    { seconds: config.stallSeconds, failures: config.stallFailures },
  );
  health.dbConnected = true;

  function intake(packet: IPublishPacket, connection: Connection): boolean {
    if (isStopping) return false;
    const topic = packet.topic;
    let payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const message: InboundMessage = { topic, payload, records: [], errors: [], qos: packet.qos, messageId: packet.messageId, connection, receivedAt: Date.now() };
    const isSparkplug = topic.startsWith(`${SPARKPLUG_NAMESPACE}/`);
    if (payload.length > config.maxPayloadBytes) {
      payload = Buffer.from(payload.subarray(0, config.maxPayloadBytes));
      message.payload = payload;
      message.errors.push(`payload of ${packet.payload.length} bytes exceeds the limit of ${config.maxPayloadBytes} bytes (first ${config.maxPayloadBytes} bytes kept)`);
    } else if (isSparkplug) {
      const outcome = sparkplugHost.handle(topic, payload, new Date(message.receivedAt));
      message.records = outcome.records;
      message.errors = outcome.errors;
    } else {
      const parsed = parseIsa95Message(topic, payload);
      if ("error" in parsed) message.errors.push(parsed.error);
      else message.records = parsed.records;
    }
    pending.push(message);
    health.received(isSparkplug ? "sparkplug" : "isa95", inFlight());
    if (pending.length === 1 || pending.length >= config.batchSize) wake?.();
    return true;
  }

  const acknowledge = (messages: readonly InboundMessage[]) => {
    for (const m of messages) if (m.qos > 0 && m.messageId !== undefined) session.ack(m.messageId, m.connection);
  };

  /** `isPartOfFailed`: a piece of a batch that failed on data; its failures are blamed on its messages at once. */
  async function commit(batch: InboundMessage[], isPartOfFailed = false): Promise<void> {
    let attempt = 0;
    let dataFailures = isPartOfFailed ? DATA_RETRIES : 0;
    let isOnFreshPool = isPartOfFailed;
    for (;;) {
      const started = performance.now();
      const client = sql;
      try {
        const outcome = await withTimeout(writeBatch(client, resolver, batch, { timeWindow: config.timeWindow, silentStations }), BATCH_TIMEOUT_MS).catch((error: unknown) => {
          // Two batches may fail together: only the first replaces the pool they shared.
          if (isTransient(error) && client === sql) reconnectDatabase();
          throw error;
        });
        health.dbConnected = true;
        for (const id of outcome.stations.keys()) silentStations.delete(id);
        health.committed({ messages: batch.length, rows: outcome.rows, deadLetters: outcome.deadLetters, seconds: (performance.now() - started) / 1000, stations: outcome.stations.keys() });
        acknowledge(batch);
        config.onCommit?.(batch, outcome);
        return;
      } catch (error) {
        const reason = (error as Error).message;
        health.failed(reason);
        if (isTransient(error)) {
          health.dbConnected = false;
          const wait = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt++);
          log("warn", `database write failed (${reason}); retrying ${batch.length} messages in ${wait} ms`);
          await sleep(wait);
          continue;
        }
        log("error", `batch of ${batch.length} messages failed: ${reason}`);
        // A pool whose connection died mid-query can answer with another query's error: before
        // any message is blamed and dead-lettered, the batch gets one try on fresh connections.
        if (isDataError(error) && !isOnFreshPool) {
          isOnFreshPool = true;
          if (client === sql) reconnectDatabase();
          continue;
        }
        if (++dataFailures < DATA_RETRIES && !isDataError(error)) {
          await sleep(100 * dataFailures);
          continue;
        }
        if (batch.length > 1) {
          // Halve until the message that cannot be written is alone: each such message costs about
          // two transactions per halving (log2 of the batch), the others are written in bulk.
          const half = Math.ceil(batch.length / 2);
          await commit(batch.slice(0, half), true);
          await commit(batch.slice(half), true);
          return;
        }
        const [only] = batch;
        if (!only) return;
        if (!only.records.length) {
          // Not even its dead letter could be written: acknowledged and counted, never retried forever.
          log("error", `message on ${only.topic} dropped: not even its dead letter could be written`);
          health.unwritable();
          acknowledge(batch);
          return;
        }
        only.errors.push(`could not be written: ${reason}`);
        only.records = [];
      }
    }
  }

  const writes = new Set<Promise<void>>();
  async function run() {
    for (;;) {
      const first = pending[0];
      if (!first) {
        if (isStopping) {
          await Promise.all(writes);
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const age = Date.now() - first.receivedAt;
      if (pending.length < config.batchSize && age < config.batchMs && !isStopping) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, config.batchMs - age);
        });
        clearTimeout(timer);
        wake = null;
        continue;
      }
      const batch = pending.splice(0, config.batchSize);
      writing += batch.length;
      writingBatches.add(batch);
      // Telemetry and counts commute; states, alarms, units and gaps are applied in arrival order.
      const isOrdered = batch.some((m) => m.records.some((r) => r.kind !== "telemetry" && r.kind !== "count"));
      if (isOrdered) await Promise.all(writes);
      else if (writes.size >= MAX_CONCURRENT_BATCHES) await Promise.race(writes);
      const write: Promise<void> = commit(batch).finally(() => {
        writing -= batch.length;
        writingBatches.delete(batch);
        writes.delete(write);
        session.resume();
        wake?.();
      });
      writes.add(write);
    }
  }

  await session.start();
  log("info", `subscribed with MQTT ${session.protocolVersion === 5 ? "5" : "3.1.1"}${config.sharedGroup ? ` in shared group ${config.sharedGroup}` : ""}`);
  const running = run();

  let healthServer: { url: string; close: () => Promise<void> } | null = null;
  if (config.healthPort >= 0) {
    try {
      healthServer = await health.serve(config.healthPort, config.healthHost);
      log("info", `metrics at ${healthServer.url}`);
    } catch (error) {
      log("error", `metrics endpoint not started on ${config.healthHost ?? "127.0.0.1"} port ${config.healthPort}: ${(error as Error).message}`);
    }
  }
  const beat = async () => {
    try {
      await health.writeHeartbeat(sql, startedAt);
      silentStations = await recordSilences(sql);
    } catch (error) {
      log("warn", `heartbeat not written: ${(error as Error).message}`);
    }
  };
  await beat();
  const heartbeat = setInterval(() => void beat(), config.heartbeatSeconds * 1000);

  return {
    health,
    healthUrl: healthServer?.url ?? null,
    protocolVersion: session.protocolVersion,
    async stop() {
      isStopping = true;
      wake?.();
      await running;
      clearInterval(heartbeat);
      sparkplugHost.stop();
      if (config.isSparkplugHost && session.isConnected) session.publish(sparkplugHost.stateTopic, sparkplugHost.statePayload(false, stateTimestamp), { qos: 1, retain: true });
      await session.end();
      await health.writeHeartbeat(sql, startedAt, true).catch(() => {});
      await healthServer?.close();
      await sql.end({ timeout: 5 });
    },
  };
}

/** The worker's MQTT client id: fixed, so the broker keeps its session across restarts. */
export function defaultClientId(sharedGroup: string | null) {
  return sharedGroup ? `threadline-ingest-${os.hostname()}` : "threadline-ingest";
}
