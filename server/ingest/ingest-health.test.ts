import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient, type SqlClient } from "@/db";
import type { IngestWorkerStats } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { openTestDb } from "@/server/testing/database";
import { waitFor } from "@/server/testing/support";

import { connectPublisher, startMosquitto, startTestWorker } from "./test-support";
import type { IngestWorker } from "./worker";

/**
 * A worker that holds messages it cannot commit is not healthy, even while
 * both of its connections are up: /healthz, the metrics and the heartbeat
 * row say so, with the reason.
 */
describe("ingestion health while the worker makes no progress", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let sql: SqlClient;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  let worker: IngestWorker;
  let publisher: Awaited<ReturnType<typeof connectPublisher>>;
  let minute = 0;

  beforeAll(async () => {
    t = await openTestDb("ingest_health");
    await seedMasterData(t.db, new Date(Date.UTC(2026, 0, 1)));
    sql = createSqlClient(t.url, { max: 2 });
    mosquitto = await startMosquitto();
    worker = await startTestWorker(t.url, mosquitto.url, { clientId: "health-test", healthPort: 0, heartbeatSeconds: 0.2, stallSeconds: 2, stallFailures: 3 });
    publisher = await connectPublisher(mosquitto.url);
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await worker?.stop();
    await sql?.end();
    await mosquitto?.stop();
    await t?.close();
  });

  const healthz = async () => {
    const response = await fetch((worker.healthUrl ?? "").replace(/\/metrics$/, "/healthz"));
    return { status: response.status, body: (await response.json()) as IngestWorkerStats & { reasons: string[] } };
  };
  const heartbeat = async () => (await sql<{ stats: IngestWorkerStats }[]>`select stats from ingest_workers where id = 'health-test'`)[0]?.stats;
  const publishSample = () => publisher.publishAsync("acme/hamburg/pumps/P1/P1-010/telemetry", JSON.stringify({ ts: new Date(Date.now() - 3_600_000 + minute++ * 60_000).toISOString(), metrics: { temp_c: 40 } }), { qos: 1 });

  it("answers 503 with the reason while it holds a message longer than INGEST_STALL_SECONDS, and 200 once it is committed", async () => {
    await publishSample();
    await waitFor("a commit", async () => (await healthz()).body.lastCommitAt);
    expect((await healthz()).status).toBe(200);

    const locker = createSqlClient(t.url, { max: 1 });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let isLocked = () => {};
    const locked = new Promise<void>((resolve) => (isLocked = resolve));
    const lock = locker.begin(async (tx) => {
      await tx`lock table telemetry_samples in access exclusive mode`;
      isLocked();
      await held;
    });
    await locked;
    await publishSample();
    const stalled = await waitFor("/healthz to answer 503", async () => {
      const now = await healthz();
      return now.status === 503 && now;
    });
    expect(stalled.body.dbConnected).toBe(true);
    expect(stalled.body.mqttConnected).toBe(true);
    expect(stalled.body.oldestUnackedSeconds).toBeGreaterThan(2);
    expect(stalled.body.reasons.join()).toMatch(/holding \d+ messages?, the oldest for \d+ s without committing/);
    const reason = await waitFor("the heartbeat to say so", async () => (await heartbeat())?.stalledReason ?? undefined);
    expect(reason).toMatch(/holding \d+ messages?/);
    const metrics = await (await fetch(worker.healthUrl ?? "")).text();
    expect(metrics).toMatch(/threadline_ingest_stalled 1/);
    expect(metrics).toMatch(/threadline_ingest_oldest_unacked_seconds [2-9]/);

    release();
    await lock;
    await locker.end();
    await waitFor("/healthz to answer 200 again", async () => (await healthz()).status === 200);
    await waitFor("the heartbeat to clear", async () => (await heartbeat())?.stalledReason === null);
    expect((await healthz()).body.oldestUnackedSeconds).toBeNull();
  }, 60_000);

  it("answers 503 with the last error while writes keep failing, and 200 once one succeeds", async () => {
    // Every telemetry write fails as if the connection had broken: the worker retries it with backoff.
    await sql`create function fail_telemetry() returns trigger language plpgsql as $$ begin raise exception 'disk on fire' using errcode = '08006'; end $$`;
    await sql`create trigger fail_telemetry before insert on telemetry_samples for each statement execute function fail_telemetry()`;
    await publishSample();
    const failing = await waitFor("/healthz to answer 503", async () => {
      const now = await healthz();
      return now.status === 503 && (now.body.consecutiveFailedWrites ?? 0) >= 3 && now;
    });
    expect(failing.body.reasons.join()).toMatch(/batch writes failed in a row.*disk on fire/);
    const metrics = await (await fetch(worker.healthUrl ?? "")).text();
    expect(metrics).toMatch(/threadline_ingest_consecutive_failed_writes [3-9]/);

    await sql`drop trigger fail_telemetry on telemetry_samples`;
    await waitFor("/healthz to answer 200 again", async () => (await healthz()).status === 200, 20_000);
    expect((await healthz()).body.consecutiveFailedWrites).toBe(0);
  }, 60_000);
});
