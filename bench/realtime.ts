/**
 * npm run bench:realtime [-- --quick] [--clients 200]
 *
 * Publish → browser latency of a station state change, with N SSE clients
 * connected to the real web server and 2,000 telemetry msg/s in the
 * background; then the lines-overview query from 50 concurrent connections
 * flat out, first with the telemetry still flowing, then on the demo seed
 * alone (the issue's condition). The load generator runs in a thread of its
 * own, so the SSE clients' work does not delay its clocks.
 * Real parts throughout: Mosquitto, the ingestion worker, Postgres LISTEN,
 * the production web server (scripts/web.ts; run `npm run build` first).
 * Prints figures; the last line is JSON.
 */
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";

import autocannon from "autocannon";
import mqtt from "mqtt";

import { createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { spawnWorker, startMosquitto } from "@/server/ingest/test-support";
import { spawnWeb } from "@/server/runtime/processes";
import { createTestDatabase } from "@/server/testing/database";
import { freePort, stopChild, waitFor } from "@/server/testing/support";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, clients: { type: "string", default: "200" } } });
const quick = values.quick;
const clientCount = Number(values.clients);
const samples = quick ? 20 : 120;
const telemetryRate = 2000;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Signs in through next-auth's credentials flow and returns the session cookie header. */
async function signIn(base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const body = new URLSearchParams({ csrfToken, email: "viewer@threadline.demo", password: "threadline-demo", callbackUrl: `${base}/lines` });
  const res = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", body, headers: { cookie: cookies.join("; "), "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c?.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

/** One SSE subscriber on lines.events, reporting when it sees a state change of `stationId`. */
async function openSubscriber(base: string, cookie: string, stationId: number, onState: (at: number) => void, signal: AbortSignal) {
  const res = await fetch(`${base}/api/trpc/lines.events`, { headers: { cookie, accept: "text/event-stream" }, signal });
  if (!res.ok || !res.body) throw new Error(`subscription refused: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let connected!: () => void;
  const isConnected = new Promise<void>((r) => (connected = r));
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event.includes("event: connected")) connected();
        const data = event.split("\n").find((l) => l.startsWith("data: "));
        if (!data || !data.includes('"state"')) continue;
        const parsed = JSON.parse(data.slice(6)) as { json?: { kind?: string; stationIds?: number[] } };
        if (parsed.json?.kind === "state" && parsed.json.stationIds?.includes(stationId)) onState(performance.now());
      }
    }
  })();
  await isConnected;
}

const started = performance.now();
const mosquitto = await startMosquitto();
const database = await createTestDatabase("realtime_bench");
const children: ChildProcess[] = [];
const stops: (() => Promise<unknown>)[] = [];
try {
  const sql = createSqlClient(database.url, { max: 2 });
  await seedDatabase(sql, {});
  const stations = await sql<{ id: number; path: string }[]>`
    select s.id, concat_ws('/', si.enterprise, si.code, a.code, l.code, s.code) as path
    from stations s join lines l on l.id = s.line_id join areas a on a.id = l.area_id join sites si on si.id = a.site_id order by s.id`;
  await sql.end();
  const target = stations.find((s) => s.path.endsWith("/P1-050"));
  if (!target) throw new Error("the demo seed has no station P1-050");

  const env = { DATABASE_URL: database.url, MQTT_URL: mosquitto.url, NEXT_TELEMETRY_DISABLED: "1" };
  const worker = spawnWorker({ ...env, INGEST_CLIENT_ID: `realtime-bench-${process.pid}` });
  stops.push(() => worker.stop());
  const port = await freePort();
  const web = spawnWeb({ env: { ...process.env, ...env, PORT: String(port), AUTH_SECRET: "realtime-benchmark-secret-of-32-characters", AUDIT_HMAC_KEY: "realtime-benchmark-audit-key-of-32-characters", AUTH_TRUST_HOST: "true" }, stdio: "ignore" });
  children.push(web);
  const base = `http://localhost:${port}`;
  await waitFor("web server", () => fetch(`${base}/sign-in`).then((r) => r.ok, () => false), 60_000);
  const cookie = await signIn(base);

  // N browsers on the event stream, each noting when the target's state change reaches it.
  const controller = new AbortController();
  let current: { publishedAt: number; seen: number[] } | null = null;
  await Promise.all(Array.from({ length: clientCount }, () => openSubscriber(base, cookie, target.id, (at) => current?.seen.push(at - current.publishedAt), controller.signal)));
  console.log(`${clientCount} SSE clients connected`);

  // Background load: telemetry from every station at 2,000 msg/s, three metrics each.
  const publisher = await mqtt.connectAsync(mosquitto.url, { clientId: `realtime-bench-pub-${process.pid}` });
  const telemetryTimer = setInterval(() => {
    for (let i = 0; i < telemetryRate / 20; i++) {
      const station = stations[i % stations.length];
      if (!station) continue;
      const payload = JSON.stringify({ ts: new Date().toISOString(), metrics: { temp_c: 40 + Math.random(), vibration_mm_s: 2 + Math.random(), current_a: 3 + Math.random() } });
      publisher.publish(`${station.path}/telemetry`, payload, { qos: 0 });
    }
  }, 50);

  const latencies: number[] = [];
  let lost = 0;
  const states = ["DOWN", "RUNNING"] as const;
  for (let i = 0; i < samples; i++) {
    current = { publishedAt: performance.now(), seen: [] };
    await publisher.publishAsync(`${target.path}/state`, JSON.stringify({ ts: new Date().toISOString(), state: states[i % 2], reason: "benchmark" }), { qos: 1 });
    const sample = current;
    await waitFor("state change at all clients", () => sample.seen.length >= clientCount, 5000).catch(() => (lost += clientCount - sample.seen.length));
    latencies.push(...sample.seen);
    // One change a second at one station: far more than a real line, and slow enough to attribute each delivery.
    await new Promise((r) => setTimeout(r, 1000));
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(`publish → SSE client: ${samples} state changes × ${clientCount} clients, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms, missed ${lost}`);

  const overviewRun = async (label: string) => {
    const result = await autocannon({ url: `${base}/api/trpc/lines.overview`, connections: 50, workers: 1, duration: quick ? 5 : 20, headers: { cookie } });
    console.log(`lines.overview, 50 connections flat out, ${label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, errors ${result.errors + result.non2xx}`);
    return result;
  };
  const busy = await overviewRun("telemetry still flowing");
  clearInterval(telemetryTimer);
  await new Promise((r) => setTimeout(r, 2000));
  const overview = await overviewRun("demo seed, no telemetry");

  controller.abort();
  await publisher.endAsync();
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ bench: "realtime", p50_ms: Number(p50.toFixed(1)), p99_ms: Number(p99.toFixed(1)), clients: clientCount, missed: lost, overview_p99_ms: overview.latency.p99, overview_rps: Math.round(overview.requests.average), overview_with_telemetry_p99_ms: busy.latency.p99, overview_with_telemetry_rps: Math.round(busy.requests.average) }));
} finally {
  for (const stop of stops) await stop();
  for (const child of children) await stopChild(child);
  await mosquitto.stop();
  await database.drop();
}
