/**
 * npm run bench:api -- [--requests 1000] [--clients 20] [--events 10000] [--subscribers 3] [--units 5000]
 *
 * A database of its own (prefix api_bench_) with the demo seed (--units units). The REST
 * handler that /api/v1 runs (server/api-rest/handler.ts) behind a node:http server on
 * 127.0.0.1, called by --clients concurrent clients with API tokens: POST /work-orders
 * (a planner token) and GET /units/{serial}/record (a quality token), --requests each.
 * Then --events events emitted (emitEvent, in transactions of 100) to --subscribers local
 * receivers through the job queue (JOBS_CONCURRENCY runners' worth). Prints p50/p95 and
 * the fan-out's figures; the last line is one JSON object.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

import { eq } from "drizzle-orm";

import { createDb, createSqlClient } from "@/db";
import { users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { handleApiRequest } from "@/server/api-rest/handler";
import type { Role } from "@/server/auth/roles";
import { env } from "@/server/env";
import { emitEvent } from "@/server/events/emit";
import { mailConfig } from "@/server/notifications/mail";
import { startJobRunner } from "@/server/jobs/runner";
import { createTestDatabase } from "@/server/testing/database";
import { createWebhook } from "@/server/webhooks/subscriptions";
import { startReceiver } from "@/server/webhooks/test-support";

import { percentile, round1 } from "./stats";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000" },
    clients: { type: "string", default: "20" },
    events: { type: "string", default: "10000" },
    subscribers: { type: "string", default: "3" },
    units: { type: "string", default: "5000" },
  },
});
const [requests, clients, eventCount, subscribers, unitCount] = [values.requests, values.clients, values.events, values.subscribers, values.units].map(Number) as [number, number, number, number, number];
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const database = await createTestDatabase("api_bench");
const client = createSqlClient(database.url, { max: 20 });
const db = createDb(client);
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
let server: http.Server | undefined;
try {
  log(`seeding the demo (${unitCount} units)`);
  await seedDatabase(client, { units: unitCount });
  const [admin] = await db.select().from(users).where(eq(users.role, "admin")).limit(1);
  if (!admin) throw new Error("the seed has no administrator");
  const adminApi = createCaller({ db, user: admin }).admin;
  const token = async (role: Role) => (await adminApi.createApiToken({ name: `bench ${role}`, role })).token;
  const [plannerToken, qualityToken] = [await token("planner"), await token("quality")];
  const serials = (await client<{ serial: string }[]>`select serial from units where status = 'complete' order by random() limit 200`).map((u) => u.serial);

  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers: req.headers as Record<string, string>, body });
      void handleApiRequest(request, { db, rateLimitPerMinute: 1_000_000, maxBodyBytes: 256 * 1024 }).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

  async function load(name: string, call: (i: number) => Promise<Response>) {
    const samples: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = next++; i < requests; i = next++) {
          const start = performance.now();
          const response = await call(i);
          if (!response.ok) throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
          samples.push(performance.now() - start);
        }
      }),
    );
    const [p50, p95] = [50, 95].map((p) => round1(percentile(samples, p)));
    log(`  ${name}: p50 ${p50} ms, p95 ${p95} ms, max ${round1(Math.max(...samples))} ms (${requests} requests, ${clients} clients)`);
    return p95 ?? 0;
  }
  log("REST with API tokens");
  const woCreateP95 = await load("POST /work-orders", (i) =>
    fetch(`${base}/work-orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${plannerToken}`, "content-type": "application/json", "idempotency-key": `bench-${i}` },
      body: JSON.stringify({ number: `WO-BENCH-${String(i).padStart(6, "0")}`, partNumber: i % 2 ? "CP40-ASM" : "CP60-ASM", qty: 50, line: i % 2 ? "P1" : "P2" }),
    }),
  );
  const recordP95 = await load("GET /units/{serial}/record", (i) => fetch(`${base}/units/${encodeURIComponent(serials[i % serials.length] ?? "")}/record`, { headers: { authorization: `Bearer ${qualityToken}` } }));

  log(`webhook fan-out: ${eventCount} events to ${subscribers} receivers`);
  const policy = { allowPrivateNetworks: false, allowedHosts: ["127.0.0.1"] };
  for (let i = 0; i < subscribers; i++) {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await createWebhook(db, admin, { name: `bench receiver ${i}`, url: receiver.url, eventTypes: ["unit.held"] }, { policy, maxAttempts: 13 });
  }
  const concurrency = env().JOBS_CONCURRENCY;
  const runner = await startJobRunner({ databaseUrl: database.url, concurrency, webhook: { timeoutMs: 10_000, maxAttempts: 13, policy }, mail: { ...mailConfig(), smtpUrl: null }, watchers: null, pollIntervalMs: 500 });
  const started = performance.now();
  for (let i = 0; i < eventCount; i += 100) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(eventCount, i + 100); j++) await emitEvent(tx, { type: "unit.held", line: "P1", summary: `bench event ${j}`, data: { j } });
    });
  }
  log(`  emitted in ${round1((performance.now() - started) / 1000)} s`);
  const expected = eventCount * subscribers;
  const unique = () => new Set(receivers.flatMap((r, k) => r.received.map((x) => `${k}:${String(x.headers["threadline-event-id"])}`))).size;
  const deadline = Date.now() + 600_000;
  while (unique() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const webhookSeconds = round1((performance.now() - started) / 1000);
  await runner.stop();
  const delivered = unique();
  const requestsReceived = receivers.reduce((n, r) => n + r.received.length, 0);
  log(`  ${delivered} of ${expected} event×subscriber delivered in ${webhookSeconds} s (${requestsReceived} requests, concurrency ${concurrency})`);

  console.log(
    JSON.stringify({
      bench: "api",
      requests,
      clients,
      wo_create_p95_ms: woCreateP95,
      record_p95_ms: recordP95,
      webhook_events: eventCount,
      webhook_subscribers: subscribers,
      webhook_delivered: delivered,
      webhook_lost: expected - delivered,
      webhook_s: webhookSeconds,
      jobs_concurrency: concurrency,
    }),
  );
} finally {
  server?.close();
  for (const r of receivers) await r.stop();
  await client.end();
  await database.drop();
}
