import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient, type SqlClient } from "@/db";
import { seedMasterData } from "@/db/seed/master-data";
import { openTestDb } from "@/server/testing/database";
import { count, waitFor } from "@/server/testing/support";

import { INGEST_APPLICATION_NAME } from "./worker";
import { connectPublisher, spawnWorker, startMosquitto, startTestWorker } from "./test-support";

/**
 * Delivery guarantees against a real Mosquitto (MQTT 5): a killed worker, a
 * database that drops its connections, and two workers sharing one
 * subscription. Every stream mixes telemetry (3 samples each) with unit
 * results that carry no messageId, so both dedupe paths are exercised.
 */
describe("ingestion delivery: exactly once through crashes and outages", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let sql: SqlClient;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  let stations: string[];
  let streamNo = 0;
  // Each stream writes its own day, counted from 20 days ago: inside the worker's time window.
  const origin = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 20 * 86_400_000;

  beforeAll(async () => {
    t = await openTestDb("ingest_delivery");
    const master = await seedMasterData(t.db, new Date(Date.UTC(2026, 0, 1)));
    stations = [...master.stationIds.keys()].filter((code) => code.startsWith("P1-"));
    sql = createSqlClient(t.url, { max: 2 });
    mosquitto = await startMosquitto();
  });
  afterAll(async () => {
    await sql?.end();
    await mosquitto?.stop();
    await t?.close();
  });

  /** Publishes `total` QoS 1 messages; every 50th is a unit result for a new serial. Returns the expected row counts. */
  function stream(publisher: MqttClient, total: number, onProgress?: (sent: number) => Promise<void>) {
    const run = ++streamNo;
    const start = origin + run * 86_400_000;
    const expected = { samples: 0, steps: 0, run };
    const done = (async () => {
      for (let i = 0; i < total; i++) {
        const code = stations[i % stations.length] ?? "P1-010";
        const topic = `acme/hamburg/pumps/P1/${code}`;
        const ts = new Date(start + i).toISOString();
        if (i % 50 === 49) {
          void publisher.publish(`${topic}/unit`, JSON.stringify({ ts, serial: `CP40-D${run}-${String(i).padStart(6, "0")}`, partNumber: "CP40-ASM", operation: "OP10", result: "PASS" }), { qos: 1 });
          expected.steps++;
        } else {
          void publisher.publish(`${topic}/telemetry`, JSON.stringify({ ts, metrics: { a_temp_c: 40 + (i % 7), b_vibration_mm_s: 2.1, c_current_a: 3.3 } }), { qos: 1 });
          expected.samples += 3;
        }
        if (i % 1000 === 999) {
          // Let the socket drain now and then, and give the caller its moment.
          await new Promise((r) => setImmediate(r));
          await onProgress?.(i + 1);
        }
      }
    })();
    return { expected, done };
  }

  async function landed(run: number) {
    const from = new Date(origin + run * 86_400_000);
    const to = new Date(from.getTime() + 86_400_000);
    const [samples, steps, duplicates] = await Promise.all([
      count(sql, `select count(*) as n from telemetry_samples where ts >= '${from.toISOString()}' and ts < '${to.toISOString()}'`),
      count(sql, `select count(*) as n from process_steps ps join units u on u.id = ps.unit_id where u.serial like 'CP40-D${run}-%'`),
      count(sql, `select count(*) as n from process_steps ps join units u on u.id = ps.unit_id where u.serial like 'CP40-D${run}-%' and ps.attempt > 1`),
    ]);
    return { samples, steps, duplicates };
  }

  it("loses and duplicates nothing when the worker is SIGKILLed mid-stream of 50,000 messages, nor on SIGTERM", async () => {
    const env = { DATABASE_URL: t.url, MQTT_URL: mosquitto.url, INGEST_CLIENT_ID: "delivery-kill-test" };
    let worker = spawnWorker(env);
    await waitFor("the worker's session", async () => (await count(sql, `select count(*) as n from ingest_workers where id = 'delivery-kill-test'`)) === 1);
    const publisher = await connectPublisher(mosquitto.url);
    let killedAt = 0;
    let stoppedAt = 0;
    const { expected, done } = stream(publisher, 50_000, async (sent) => {
      if (sent === 15_000) {
        await waitFor("rows before the kill", async () => (await landed(expected.run)).samples > 0);
        killedAt = (await landed(expected.run)).samples;
        await worker.stop("SIGKILL");
        worker = spawnWorker(env);
      }
      if (sent === 35_000) {
        await waitFor("rows after the restart", async () => (await landed(expected.run)).samples > killedAt);
        stoppedAt = (await landed(expected.run)).samples;
        expect(await worker.stop()).toBe(0);
        worker = spawnWorker(env);
      }
    });
    await done;
    await publisher.endAsync();
    const final = await waitFor(`all ${expected.samples} samples and ${expected.steps} steps`, async () => {
      const now = await landed(expected.run);
      return now.samples === expected.samples && now.steps === expected.steps && now;
    }, 150_000);
    await worker.stop();
    expect(killedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeGreaterThan(killedAt);
    expect(final).toEqual({ samples: expected.samples, steps: expected.steps, duplicates: 0 });
    expect(await count(sql, `select count(*) as n from dead_letters`)).toBe(0);
  }, 180_000);

  it("stays up and retries on fresh connections when the database terminates the worker's backends mid-stream, holding no more than its window", async () => {
    const maxInFlight = 2000;
    const env = { DATABASE_URL: t.url, MQTT_URL: mosquitto.url, INGEST_CLIENT_ID: "delivery-db-cut-test", INGEST_MAX_IN_FLIGHT: String(maxInFlight), INGEST_HEARTBEAT_SECONDS: "0.2" };
    const worker = spawnWorker(env);
    await waitFor("the worker's session", async () => (await count(sql, `select count(*) as n from ingest_workers where id = 'delivery-db-cut-test'`)) === 1);
    const publisher = await connectPublisher(mosquitto.url);
    let cuts = 0;
    const { expected, done } = stream(publisher, 20_000, async (sent) => {
      if (sent % 4000 === 0) {
        const killed = await sql<{ n: number }[]>`
          select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and application_name = ${INGEST_APPLICATION_NAME}`;
        cuts += killed[0]?.n ?? 0;
      }
    });
    await done;
    await publisher.endAsync();
    let now: Awaited<ReturnType<typeof landed>> | undefined;
    const final = await waitFor(`all ${expected.samples} samples`, async () => {
      now = await landed(expected.run);
      return now.samples === expected.samples && now.steps === expected.steps && now;
    }, 120_000).catch((error: Error) => {
      throw new Error(`${error.message} (landed ${JSON.stringify(now)} of ${JSON.stringify(expected)}, ${cuts} cuts, ${worker.restarts} restarts)\n${worker.output()}`);
    });
    const [stats] = await sql<{ inFlightPeak: number; batchFailuresTotal: number }[]>`
      select (stats->>'inFlightPeak')::int as "inFlightPeak", (stats->>'batchFailuresTotal')::int as "batchFailuresTotal" from ingest_workers where id = 'delivery-db-cut-test'`;
    expect(worker.restarts, worker.output()).toBe(0);
    expect(await worker.stop(), worker.output()).toBe(0);
    expect(cuts).toBeGreaterThan(0);
    expect(final.duplicates).toBe(0);
    expect(stats?.inFlightPeak).toBeGreaterThan(0);
    expect(stats?.inFlightPeak).toBeLessThanOrEqual(maxInFlight);
    // A failure the connection caused is never blamed on a message.
    expect(await count(sql, `select count(*) as n from dead_letters`)).toBe(0);
  }, 150_000);

  it("acknowledges every message redelivered after keepalive timeouts while the database is locked, with a Sparkplug STATE unsent", async () => {
    // A full window stops the worker reading its socket, so PINGRESPs go unread and the keepalive
    // gives the connection up; each new connection re-sends the Sparkplug STATE (QoS 1) first.
    const clientId = "delivery-slow-db";
    const logs: string[] = [];
    const options = { clientId, maxInFlight: 200, batchSize: 100, keepaliveSeconds: 1, isSparkplugHost: true, log: (_level: string, message: string) => void logs.push(message) };
    const worker = await startTestWorker(t.url, mosquitto.url, options);
    const reconnects = () => logs.filter((m) => m.startsWith("MQTT connection lost")).length;
    const locker = createSqlClient(t.url, { max: 1 });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const lock = locker.begin(async (tx) => {
      await tx`lock table telemetry_samples in access exclusive mode`;
      await held;
    });
    const publisher = await connectPublisher(mosquitto.url);
    const { expected, done } = stream(publisher, 3000);
    await done;
    await waitFor("three keepalive reconnects while the table is locked", () => reconnects() >= 3, 60_000);
    release();
    await lock;
    await locker.end();
    let now: Awaited<ReturnType<typeof landed>> | undefined;
    await waitFor(`all ${expected.samples} samples and ${expected.steps} steps`, async () => {
      now = await landed(expected.run);
      return now.samples === expected.samples && now.steps === expected.steps;
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message} (landed ${JSON.stringify(now)} of ${JSON.stringify(expected)} after ${reconnects()} reconnects)`);
    });
    await worker.stop();
    expect((await landed(expected.run)).duplicates).toBe(0);

    // Whatever the broker still holds unacknowledged comes again to the next session, before a new message.
    const again = await startTestWorker(t.url, mosquitto.url, { ...options, log: () => {} });
    const sentinelTs = new Date(origin + expected.run * 86_400_000 + 3_600_000).toISOString();
    await publisher.publishAsync(`acme/hamburg/pumps/P1/${stations[0] ?? "P1-010"}/telemetry`, JSON.stringify({ ts: sentinelTs, metrics: { a_temp_c: 1 } }), { qos: 1 });
    await publisher.endAsync();
    await waitFor("the sentinel", async () => (await count(sql, `select count(*) as n from telemetry_samples where ts = '${sentinelTs}'`)) === 1);
    const redelivered = again.health.bySource.isa95 - 1;
    await again.stop();
    expect(reconnects()).toBeGreaterThanOrEqual(3);
    expect(redelivered).toBe(0);
  }, 150_000);

  it("splits one shared subscription between two workers, each message landing once", async () => {
    const options = { sharedGroup: "threadline-test" };
    const a = await startTestWorker(t.url, mosquitto.url, { ...options, clientId: "delivery-shared-a" });
    const b = await startTestWorker(t.url, mosquitto.url, { ...options, clientId: "delivery-shared-b" });
    expect([a.protocolVersion, b.protocolVersion]).toEqual([5, 5]);
    const publisher = await connectPublisher(mosquitto.url);
    const total = 10_000;
    const { expected, done } = stream(publisher, total);
    await done;
    await publisher.endAsync();
    await waitFor("all rows", async () => {
      const now = await landed(expected.run);
      return now.samples === expected.samples && now.steps === expected.steps;
    }, 60_000);
    const received = [a.health.bySource.isa95, b.health.bySource.isa95];
    await Promise.all([a.stop(), b.stop()]);
    expect(received[0]).toBeGreaterThan(0);
    expect(received[1]).toBeGreaterThan(0);
    expect((received[0] ?? 0) + (received[1] ?? 0)).toBe(total);
    expect((await landed(expected.run)).duplicates).toBe(0);
  }, 90_000);
});
