import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";

import type postgres from "postgres";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

import type { SqlClient } from "@/db";
import type { IngestWorkerStats, PartitionStatus } from "@/db/schema";

const LATENCY_WINDOW = 1000;

/** When a worker that holds messages counts as stalled. */
export interface StallLimits {
  /** A message held (received, not yet committed) longer than this. */
  seconds: number;
  /** This many batch writes failing in a row. */
  failures: number;
}

/** Counters of one worker, exposed in Prometheus text format and summarised into `ingest_workers`. */
export class IngestHealth {
  readonly registry = new Registry();
  messagesTotal = 0;
  rowsTotal = 0;
  deadLettersTotal = 0;
  batchesTotal = 0;
  batchFailuresTotal = 0;
  /** Messages acknowledged without a trace in the database: not even their dead letter could be written. */
  unwritableTotal = 0;
  inFlightPeak = 0;
  mqttConnected = false;
  dbConnected = false;
  consecutiveFailedWrites = 0;
  lastFailure: string | null = null;
  lastCommitAt: Date | null = null;
  readonly lastMessageAt = new Map<number, Date>();
  /** From this process's last partition maintenance run; null before it or when another process runs it. */
  private partitions: PartitionStatus[] | null = null;
  private readonly batchLatencies: number[] = [];
  private rate = { at: Date.now(), messages: 0, rows: 0, messagesPerSecond: 0, rowsPerSecond: 0 };

  private readonly messages = new Counter({ name: "threadline_ingest_messages_total", help: "MQTT messages received", labelNames: ["source"], registers: [this.registry] });
  private readonly rows = new Counter({ name: "threadline_ingest_rows_total", help: "Rows written", registers: [this.registry] });
  private readonly deadLetters = new Counter({ name: "threadline_ingest_dead_letters_total", help: "Messages written to dead_letters", registers: [this.registry] });
  private readonly unwritableMessages = new Counter({ name: "threadline_ingest_unwritable_total", help: "Messages acknowledged although not even their dead letter could be written", registers: [this.registry] });
  private readonly batchFailures = new Counter({ name: "threadline_ingest_batch_failures_total", help: "Batch writes that failed and were retried", registers: [this.registry] });
  private readonly batchDuration = new Histogram({
    name: "threadline_ingest_batch_duration_seconds",
    help: "Time to write and commit one batch",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({ name: "threadline_ingest_batch_messages", help: "Messages per batch", buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000], registers: [this.registry] });

  constructor(
    private readonly identity: { clientId: string; sharedGroup: string | null },
    private readonly live: {
      queueDepth: () => number;
      inFlight: () => number;
      /** Receipt time (ms) of the oldest message held, or null. */
      oldestHeldAt: () => number | null;
      protocolVersion: () => number | null;
      rebirthRequests: () => number;
    },
    private readonly limits: StallLimits,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: "threadline_ingest_" });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge("threadline_ingest_queue_depth", "Messages received and waiting for a batch", () => live.queueDepth());
    gauge("threadline_ingest_in_flight", "Messages received and not yet acknowledged", () => live.inFlight());
    gauge("threadline_ingest_mqtt_connected", "1 while connected to the broker", () => Number(this.mqttConnected));
    gauge("threadline_ingest_db_connected", "1 while the last database write succeeded", () => Number(this.dbConnected));
    gauge("threadline_ingest_sparkplug_rebirth_requests", "Rebirth requests sent to Sparkplug edge nodes", () => live.rebirthRequests());
    gauge("threadline_ingest_oldest_unacked_seconds", "Age of the oldest message received and not yet committed and acknowledged (0: none held)", () => this.oldestUnackedSeconds() ?? 0);
    gauge("threadline_ingest_consecutive_failed_writes", "Batch writes failed since the last commit", () => this.consecutiveFailedWrites);
    gauge("threadline_ingest_last_commit_timestamp_seconds", "Unix time of the last commit (0: none yet)", () => (this.lastCommitAt?.getTime() ?? 0) / 1000);
    gauge("threadline_ingest_stalled", "1 while the worker holds messages it makes no progress on (see /healthz for why)", () => Number(this.stalledReason() !== null));
    const partitions = () => this.partitions ?? [];
    const partitionGauge = (name: string, help: string, read: (status: PartitionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ["table"],
        registers: [this.registry],
        collect() {
          for (const status of partitions()) this.set({ table: status.table }, read(status));
        },
      });
    partitionGauge("threadline_partition_horizon_seconds", "How far ahead of now the table's partitions reach without a gap (0: rows of now land in the default partition)", (status) =>
      status.horizon === null ? 0 : (Date.parse(status.horizon) - Date.now()) / 1000,
    );
    partitionGauge("threadline_partition_default_rows", "Rows in the table's default partition at the last maintenance run (the next run moves them into their month's partition)", (status) => status.defaultRows);
    const lastMessage = this.lastMessageAt;
    new Gauge({
      name: "threadline_ingest_station_last_message_seconds",
      help: "Unix time of the last message per station",
      labelNames: ["station_id"],
      registers: [this.registry],
      collect() {
        for (const [id, at] of lastMessage) this.set({ station_id: String(id) }, at.getTime() / 1000);
      },
    });
  }

  readonly bySource = { isa95: 0, sparkplug: 0 };

  received(source: "isa95" | "sparkplug", inFlight: number) {
    this.messagesTotal++;
    this.bySource[source]++;
    if (inFlight > this.inFlightPeak) this.inFlightPeak = inFlight;
    this.messages.inc({ source });
  }

  /** `stations`: the stations heard from in the batch; their last message is now. */
  committed(batch: { messages: number; rows: number; deadLetters: number; seconds: number; stations: Iterable<number> }) {
    this.batchesTotal++;
    this.consecutiveFailedWrites = 0;
    this.lastCommitAt = new Date();
    this.rowsTotal += batch.rows;
    this.deadLettersTotal += batch.deadLetters;
    this.rows.inc(batch.rows);
    this.deadLetters.inc(batch.deadLetters);
    this.batchDuration.observe(batch.seconds);
    this.batchSize.observe(batch.messages);
    this.batchLatencies.push(batch.seconds * 1000);
    if (this.batchLatencies.length > LATENCY_WINDOW) this.batchLatencies.shift();
    const now = new Date();
    for (const id of batch.stations) this.lastMessageAt.set(id, now);
  }

  failed(reason: string) {
    this.batchFailuresTotal++;
    this.consecutiveFailedWrites++;
    this.lastFailure = reason;
    this.batchFailures.inc();
  }

  partitionsChecked(status: PartitionStatus[]) {
    this.partitions = status;
  }

  unwritable() {
    this.unwritableTotal++;
    this.unwritableMessages.inc();
  }

  oldestUnackedSeconds() {
    const at = this.live.oldestHeldAt();
    return at === null ? null : Math.round((Date.now() - at) / 100) / 10;
  }

  /** Why the messages held make no progress, or null while they do (or none are held). */
  stalledReason(): string | null {
    const reasons: string[] = [];
    const age = this.oldestUnackedSeconds();
    if (age !== null && age > this.limits.seconds) {
      const held = this.live.inFlight();
      reasons.push(`holding ${held} message${held === 1 ? "" : "s"}, the oldest for ${Math.floor(age)} s without committing it (limit ${this.limits.seconds} s)`);
    }
    if (this.consecutiveFailedWrites >= this.limits.failures) reasons.push(`${this.consecutiveFailedWrites} batch writes failed in a row (limit ${this.limits.failures}), the last with: ${this.lastFailure}`);
    return reasons.length ? reasons.join("; ") : null;
  }

  /** What keeps the worker from ingesting; empty when healthy. */
  problems(): string[] {
    const stalled = this.stalledReason();
    return [...(this.mqttConnected ? [] : ["not connected to the MQTT broker"]), ...(this.dbConnected ? [] : ["the last database write failed to connect"]), ...(stalled ? [stalled] : [])];
  }

  snapshot(): IngestWorkerStats {
    const now = Date.now();
    const seconds = (now - this.rate.at) / 1000;
    if (seconds >= 1) {
      this.rate = {
        at: now,
        messages: this.messagesTotal,
        rows: this.rowsTotal,
        messagesPerSecond: Math.round((this.messagesTotal - this.rate.messages) / seconds),
        rowsPerSecond: Math.round((this.rowsTotal - this.rate.rows) / seconds),
      };
    }
    const sorted = [...this.batchLatencies].sort((a, b) => a - b);
    const pick = (q: number) => (sorted.length ? Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10 : null);
    return {
      mqttConnected: this.mqttConnected,
      dbConnected: this.dbConnected,
      protocolVersion: this.live.protocolVersion(),
      sharedGroup: this.identity.sharedGroup,
      messagesPerSecond: this.rate.messagesPerSecond,
      rowsPerSecond: this.rate.rowsPerSecond,
      messagesTotal: this.messagesTotal,
      deadLettersTotal: this.deadLettersTotal,
      batchesTotal: this.batchesTotal,
      batchFailuresTotal: this.batchFailuresTotal,
      unwritableTotal: this.unwritableTotal,
      batchLatencyP50Ms: pick(0.5),
      batchLatencyP99Ms: pick(0.99),
      queueDepth: this.live.queueDepth(),
      inFlight: this.live.inFlight(),
      inFlightPeak: this.inFlightPeak,
      lastMessageAt: Object.fromEntries([...this.lastMessageAt].map(([id, at]) => [String(id), at.toISOString()])),
      oldestUnackedSeconds: this.oldestUnackedSeconds(),
      consecutiveFailedWrites: this.consecutiveFailedWrites,
      lastCommitAt: this.lastCommitAt?.toISOString() ?? null,
      stalledReason: this.stalledReason(),
      ...(this.partitions ? { partitions: this.partitions } : {}),
    };
  }

  /** Upserts this worker's row; the web app's Admin > Ingestion page reads it. */
  async writeHeartbeat(sql: SqlClient, startedAt: Date, isStopped = false) {
    const stats = this.snapshot();
    await sql`
      insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stopped_at, stats)
      values (${this.identity.clientId}, ${os.hostname()}, ${process.pid}, ${startedAt}, now(), ${isStopped ? new Date() : null}, ${sql.json(JSON.parse(JSON.stringify(stats)) as postgres.JSONValue)})
      on conflict (id) do update set hostname = excluded.hostname, pid = excluded.pid, started_at = excluded.started_at,
        heartbeat_at = excluded.heartbeat_at, stopped_at = excluded.stopped_at, stats = excluded.stats`;
  }

  /**
   * GET /metrics in Prometheus text format and GET /healthz; port 0 takes a free port. Only this
   * host can ask unless `host` names another interface (0.0.0.0 or :: for all of them).
   */
  async serve(port: number, host = "127.0.0.1"): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      if (req.url === "/metrics" || req.url === "/") {
        this.registry
          .metrics()
          .then((text) => {
            res.writeHead(200, { "content-type": this.registry.contentType });
            res.end(text);
          })
          .catch((error: unknown) => {
            res.writeHead(500).end(String(error));
          });
        return;
      }
      if (req.url === "/healthz") {
        const reasons = this.problems();
        res.writeHead(reasons.length ? 503 : 200, { "content-type": "application/json" }).end(JSON.stringify({ reasons, ...this.snapshot() }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, resolve);
    });
    // The address actually bound, so that the log says who can reach it.
    const { address, family, port: actual } = server.address() as AddressInfo;
    return { url: `http://${family === "IPv6" ? `[${address}]` : address}:${actual}/metrics`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
}
