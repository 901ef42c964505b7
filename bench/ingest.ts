/**
 * npm run bench:ingest [-- --quick | --soak-minutes N]
 * npm run bench:ingest-outage [-- --outage-seconds 110 --outage-messages 50000]
 *
 * Against a Mosquitto of its own (free port, unlimited queues) and a database
 * of its own on the local Postgres: (a) the broker's delivery rate to a
 * subscriber that only counts, (b) a naive worker doing one INSERT per
 * message, (c) Threadline's worker (server/ingest, in this process), then
 * publish→committed latency at 5,000 msg/s offered, and a memory soak
 * (10 minutes by default, none with --quick). Messages are ~120-byte JSON
 * telemetry with 3 metrics, QoS 1, published by a child process.
 * With --outage-seconds, only this: a table lock (access exclusive on
 * telemetry_samples) held that long while the publisher sends
 * --outage-messages; figures are the time from the lock's release until every
 * row is there, and messages lost and stored twice.
 * The last line printed is one JSON object with the figures.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

import mqtt from "mqtt";

import { createSqlClient, type SqlClient } from "@/db";
import { startMosquitto, testWorkerConfig } from "@/server/ingest/test-support";
import { startIngestWorker } from "@/server/ingest/worker";
import { createTestDatabase } from "@/server/testing/database";

const STATIONS = 50;
const METRICS = ["spindle_temp_c", "vibration_mm_s", "motor_current_a"] as const;

interface PublishJob {
  url: string;
  count: number;
  /** Messages per second; 0 = as fast as the broker takes them. */
  rate: number;
  /** Day offset from ten days ago (the worker refuses times far from its clock): each phase writes its own time range, so no sample collides with another phase's. */
  day: number;
}

function payloadOf(ts: number, i: number) {
  return `{"ts":"${new Date(ts).toISOString()}","metrics":{"${METRICS[0]}":${(40 + (i % 100) / 10).toFixed(2)},"${METRICS[1]}":${(2 + (i % 7) / 10).toFixed(3)},"${METRICS[2]}":${(3 + (i % 13) / 10).toFixed(3)}}}`;
}

function topicOf(station: number) {
  return `bench/plant/line/L1/S${String(station).padStart(3, "0")}/telemetry`;
}

/** The child process: publishes `count` QoS 1 messages, at most 2,000 unacknowledged. */
async function publish(job: PublishJob) {
  const client = await mqtt.connectAsync(job.url, { clientId: `bench-publisher-${process.pid}`, protocolVersion: 4, clean: true });
  const base = Math.floor(Date.now() / 86_400_000 - 10 + job.day) * 86_400_000;
  const lastTs = new Array<number>(STATIONS).fill(0);
  let unacked = 0;
  let resume: (() => void) | null = null;
  const started = Date.now();
  for (let i = 0; i < job.count; i++) {
    if (job.rate > 0) {
      const due = started + (i / job.rate) * 1000;
      if (due > Date.now() + 2) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    while (unacked >= 2000) await new Promise<void>((r) => (resume = r));
    const station = i % STATIONS;
    // Live phases stamp the publish time (latency is measured from it); bulk phases a synthetic, unique one.
    const ts = job.rate > 0 ? Math.max(Date.now(), (lastTs[station] ?? 0) + 1) : base + Math.floor(i / STATIONS);
    lastTs[station] = ts;
    unacked++;
    client.publish(topicOf(station), payloadOf(ts, i), { qos: 1 }, () => {
      unacked--;
      if (resume && unacked < 1000) {
        const r = resume;
        resume = null;
        r();
      }
    });
  }
  while (unacked > 0) await new Promise<void>((r) => (resume = r));
  await client.endAsync();
}

function runPublisher(job: PublishJob) {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--publisher", JSON.stringify(job)], { stdio: ["ignore", "inherit", "inherit"] });
  return new Promise<void>((resolve, reject) => child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`publisher exited with ${code}`)))));
}

async function prepareDatabase(sql: SqlClient) {
  await sql`insert into sites (enterprise, code, name) values ('bench', 'plant', 'Bench plant')`;
  await sql`insert into areas (site_id, code, name) select id, 'line', 'Bench area' from sites`;
  await sql`insert into lines (area_id, code, name) select id, 'L1', 'Bench line' from areas`;
  await sql`
    insert into stations (line_id, code, name, position, ideal_cycle_seconds)
    select l.id, 'S' || lpad(n::text, 3, '0'), 'Station ' || n, n + 1, 60 from lines l, generate_series(0, ${STATIONS - 1}) n`;
  await sql`insert into telemetry_metrics (name) select unnest(${sql.array([...METRICS])}::text[])`;
  await sql`select telemetry_ensure_partitions(now(), 1, 0)`;
}

const rssMb = () => Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/** (a) A subscriber that only counts. */
async function benchBroker(url: string, count: number, day: number) {
  const client = await mqtt.connectAsync(url, { clientId: `bench-counter-${process.pid}`, protocolVersion: 5, clean: true, properties: { receiveMaximum: 65_535 } });
  await client.subscribeAsync("bench/#", { qos: 1 });
  let received = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    client.on("message", () => {
      if (received++ === 0) first = performance.now();
      if (received === count) resolve(performance.now());
    });
  });
  await runPublisher({ url, count, rate: 0, day });
  const last = await done;
  await client.endAsync();
  return { msgsPerSecond: count / ((last - first) / 1000), rowsPerSecond: 0 };
}

/** (b) What one writes first: one INSERT per message, acknowledged on receipt by mqtt.js. */
async function benchNaive(url: string, databaseUrl: string, count: number, day: number) {
  const sql = createSqlClient(databaseUrl, { max: 10 });
  const stations = new Map((await sql<{ id: number; code: string }[]>`select id, code from stations`).map((s) => [s.code, s.id]));
  const metrics = new Map((await sql<{ id: number; name: string }[]>`select id, name from telemetry_metrics`).map((m) => [m.name, m.id]));
  const client = await mqtt.connectAsync(url, { clientId: `bench-naive-${process.pid}`, protocolVersion: 4, clean: true });
  await client.subscribeAsync("bench/#", { qos: 1 });
  let written = 0;
  let first = 0;
  const done = new Promise<number>((resolve, reject) => {
    client.on("message", (topic, payload) => {
      if (first === 0) first = performance.now();
      const message = JSON.parse(payload.toString()) as { ts: string; metrics: Record<string, number> };
      const stationId = stations.get(topic.split("/")[4] ?? "") ?? 0;
      const rows = Object.entries(message.metrics).map(([name, value]) => ({ station_id: stationId, metric_id: metrics.get(name) ?? 0, ts: message.ts, value }));
      sql`insert into telemetry_samples ${sql(rows)} on conflict do nothing`.then(() => {
        if (++written === count) resolve(performance.now());
      }, reject);
    });
  });
  await runPublisher({ url, count, rate: 0, day });
  const last = await done;
  await client.endAsync();
  await sql.end();
  const seconds = (last - first) / 1000;
  return { msgsPerSecond: count / seconds, rowsPerSecond: (count * 3) / seconds };
}

/** (c) Threadline's worker, in this process; `onCommit` sees every batch right after its commit. */
async function startWorker(url: string, databaseUrl: string, onCommit: (messages: readonly { payload: Buffer; records: unknown[] }[], rows: number) => void, onWarning?: (message: string) => void) {
  return startIngestWorker(
    testWorkerConfig(databaseUrl, url, {
      clientId: `bench-worker-${process.pid}`,
      heartbeatSeconds: 5,
      log: (level, message) => {
        if (level === "info") return;
        onWarning?.(message);
        console.error(`[worker] ${message}`);
      },
      onCommit: (messages, outcome) => onCommit(messages, outcome.rows),
    }),
  );
}

/**
 * The worker (npm run worker defaults: keepalive 30 s, 10,000 in flight, Sparkplug host on) while
 * a transaction holds telemetry_samples locked for `seconds` and `count` messages arrive.
 */
async function benchOutage(url: string, databaseUrl: string, sql: SqlClient, seconds: number, count: number) {
  const day = 7;
  const from = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
  const rowsOfDay = async () => Number((await sql<{ n: string }[]>`select count(*) as n from telemetry_samples where ts >= ${from} and ts < ${new Date(from.getTime() + 86_400_000)}`)[0]?.n ?? 0);
  let committed = 0;
  let reconnects = 0;
  const worker = await startWorker(url, databaseUrl, (messages) => (committed += messages.length), (message) => {
    if (message.startsWith("MQTT connection lost")) reconnects++;
  });
  await runPublisher({ url, count: 1000, rate: 0, day: 1 });
  while (committed < 1000) await new Promise((r) => setTimeout(r, 20));
  committed = 0;

  const locker = createSqlClient(databaseUrl, { max: 1 });
  let isLocked = () => {};
  const locked = new Promise<void>((resolve) => (isLocked = resolve));
  const lock = locker.begin(async (tx) => {
    await tx`lock table telemetry_samples in access exclusive mode`;
    isLocked();
    await new Promise((r) => setTimeout(r, seconds * 1000));
  });
  await locked;
  console.log(`outage: telemetry_samples locked for ${seconds} s; publishing ${count} messages`);
  const publishing = runPublisher({ url, count, rate: 0, day });
  await lock;
  const releasedAt = performance.now();
  await locker.end();
  await publishing;
  const publishedSeconds = (performance.now() - releasedAt) / 1000;
  let rows = 0;
  const deadline = releasedAt + 600_000;
  while ((rows = await rowsOfDay()) < count * 3 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const drainSeconds = (performance.now() - releasedAt) / 1000;
  const held = worker.health.snapshot().inFlight;
  await worker.stop();
  // Telemetry rows are keyed by (station, metric, ts): a message stored twice would show as a key conflict, not a row.
  const lost = Math.max(0, count - Math.floor(rows / 3));
  const doubled = Math.max(0, rows - count * 3) / 3;
  const redelivered = committed - count;
  console.log(`    drained ${count} messages ${round(drainSeconds, 1)} s after the lock was released (publisher done ${round(Math.max(0, publishedSeconds), 1)} s after it); ${reconnects} MQTT reconnects during the outage`);
  console.log(`    lost ${lost}, stored twice ${doubled} (rows ${rows} of ${count * 3}); ${redelivered} messages processed again after redelivery (written idempotently); ${held} still held at the end`);
  return { seconds, count, drainSeconds, lost, doubled, redelivered, reconnects, rows };
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "soak-minutes": { type: "string" },
      "outage-seconds": { type: "string" },
      "outage-messages": { type: "string" },
      publisher: { type: "string" },
    },
  });
  if (values.publisher) return publish(JSON.parse(values.publisher) as PublishJob);
  const quick = values.quick;
  const soakMinutes = Number(values["soak-minutes"] ?? (quick ? 0 : 10));
  const sizes = quick ? { broker: 60_000, naive: 15_000, worker: 60_000, latencySeconds: 10 } : { broker: 200_000, naive: 40_000, worker: 200_000, latencySeconds: 30 };

  const mosquitto = await startMosquitto();
  const database = await createTestDatabase("ingest_bench");
  const sql = createSqlClient(database.url, { max: 2 });
  try {
    await prepareDatabase(sql);
    const sample = payloadOf(Date.now(), 1);
    console.log(`ingest benchmark: Mosquitto ${mosquitto.url}, database ${database.name}, ${STATIONS} stations, QoS 1, ${quick ? "quick" : "full"} run`);
    console.log(`messages: ${Buffer.byteLength(sample)}-byte payload on ${topicOf(0).length}-byte topic, e.g. ${topicOf(0)} ${sample}`);
    if (values["outage-seconds"]) {
      const outage = await benchOutage(mosquitto.url, database.url, sql, Number(values["outage-seconds"]), Number(values["outage-messages"] ?? 50_000));
      console.log(
        JSON.stringify({
          bench: "ingest-outage",
          lock_s: outage.seconds,
          messages: outage.count,
          drain_s: round(outage.drainSeconds, 1),
          lost: outage.lost,
          doubled: outage.doubled,
          redelivered: outage.redelivered,
          mqtt_reconnects: outage.reconnects,
        }),
      );
      return;
    }

    // (c) first, so the peak RSS below is the worker's and not the naive worker's backlog.
    let committed = 0;
    let rows = 0;
    let firstCommit = 0;
    let lastCommit = 0;
    let latencies: number[] | null = null;
    const worker = await startWorker(mosquitto.url, database.url, (messages, batchRows) => {
      const now = performance.now();
      if (committed === 0) firstCommit = now;
      committed += messages.length;
      rows += batchRows;
      lastCommit = now;
      if (latencies) {
        const wall = Date.now();
        for (const m of messages) latencies.push(wall - Date.parse((JSON.parse(m.payload.toString()) as { ts: string }).ts));
      }
    });
    const until = async (n: number) => {
      while (committed < n) await new Promise((r) => setTimeout(r, 20));
    };

    const warmup = 5000;
    await runPublisher({ url: mosquitto.url, count: warmup, rate: 0, day: 1 });
    await until(warmup);
    committed = 0;
    rows = 0;
    const publishing = runPublisher({ url: mosquitto.url, count: sizes.worker, rate: 0, day: 2 });
    // Sustained rate: from the first to the last commit, with the broker holding the backlog.
    await until(1);
    const since = performance.now();
    const startCount = committed;
    const startRows = rows;
    await publishing;
    await until(sizes.worker);
    const seconds = (lastCommit - Math.max(firstCommit, since)) / 1000;
    const workerRate = { msgsPerSecond: (committed - startCount) / seconds, rowsPerSecond: (rows - startRows) / seconds };
    console.log(`(c) Threadline worker: ${round(workerRate.msgsPerSecond)} msg/s, ${round(workerRate.rowsPerSecond)} rows/s`);

    latencies = [];
    committed = 0;
    const offered = 5000;
    await runPublisher({ url: mosquitto.url, count: offered * sizes.latencySeconds, rate: offered, day: 3 });
    await until(offered * sizes.latencySeconds);
    const sorted = [...latencies].sort((a, b) => a - b);
    latencies = null;
    const latency = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 };
    console.log(`    publish→committed at ${offered} msg/s offered: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms (${sorted.length} messages)`);

    let soak: { minutes: number; rssStartMb: number; rssEndMb: number; rssMaxMb: number; samples: number[] } | null = null;
    if (soakMinutes > 0) {
      const samples: number[] = [];
      committed = 0;
      const count = Math.round(offered * soakMinutes * 60);
      const sampler = setInterval(() => {
        samples.push(rssMb());
        if (samples.length % 6 === 0) console.log(`    soak minute ${samples.length / 6}: RSS ${rssMb()} MB, heap used ${round(process.memoryUsage().heapUsed / 1024 / 1024, 1)} MB, ${committed} messages committed`);
      }, 10_000);
      await runPublisher({ url: mosquitto.url, count, rate: offered, day: 4 });
      await until(count);
      clearInterval(sampler);
      // The first minute is warm-up (JIT, pools, caches); flatness is judged after it.
      const settled = samples.slice(6);
      soak = { minutes: soakMinutes, rssStartMb: settled[0] ?? rssMb(), rssEndMb: settled[settled.length - 1] ?? rssMb(), rssMaxMb: Math.max(...settled, 0), samples };
      console.log(`    soak ${soakMinutes} min at ${offered} msg/s: RSS after warm-up ${soak.rssStartMb} MB → ${soak.rssEndMb} MB (max ${soak.rssMaxMb} MB)`);
    }
    await worker.stop();
    const peakRssMb = round(process.resourceUsage().maxRSS / 1024, 1);
    console.log(`    worker process peak RSS: ${peakRssMb} MB`);

    const broker = await benchBroker(mosquitto.url, sizes.broker, 5);
    console.log(`(a) broker → counting subscriber: ${round(broker.msgsPerSecond)} msg/s`);
    const naive = await benchNaive(mosquitto.url, database.url, sizes.naive, 6);
    console.log(`(b) naive worker (one INSERT per message): ${round(naive.msgsPerSecond)} msg/s, ${round(naive.rowsPerSecond)} rows/s`);

    const result = {
      bench: "ingest",
      broker_msgs_s: round(broker.msgsPerSecond),
      naive_msgs_s: round(naive.msgsPerSecond),
      naive_rows_s: round(naive.rowsPerSecond),
      worker_msgs_s: round(workerRate.msgsPerSecond),
      worker_rows_s: round(workerRate.rowsPerSecond),
      worker_vs_broker: round(workerRate.msgsPerSecond / broker.msgsPerSecond, 2),
      worker_vs_naive: round(workerRate.msgsPerSecond / naive.msgsPerSecond, 2),
      p50_ms: latency.p50,
      p99_ms: latency.p99,
      peak_rss_mb: peakRssMb,
      soak_minutes: soak?.minutes ?? 0,
      soak_rss_start_mb: soak?.rssStartMb ?? null,
      soak_rss_end_mb: soak?.rssEndMb ?? null,
    };
    console.log(JSON.stringify(result));
  } finally {
    await sql.end();
    await database.drop();
    await mosquitto.stop();
  }
}

await main();
