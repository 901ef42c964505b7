import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { IngestWorkerStats } from "@/db/schema";
import { getIngestionHealth } from "@/server/admin/ingestion";
import { spawnWorker, startMosquitto } from "@/server/ingest/test-support";
import { openTestDb } from "@/server/testing/database";
import { freePort, waitFor } from "@/server/testing/support";

import { listPartitions, monthStart } from "./partitions";

/** `npm run worker` maintains partitions at start and reports the horizon and default rows in its health. */
describe("partition maintenance in the ingestion worker", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  let worker: ReturnType<typeof spawnWorker>;
  let port: number;

  beforeAll(async () => {
    t = await openTestDb("partition_worker");
    mosquitto = await startMosquitto();
    port = await freePort();
    worker = spawnWorker({ DATABASE_URL: t.url, MQTT_URL: mosquitto.url, INGEST_CLIENT_ID: "partition-test", INGEST_HEALTH_PORT: String(port), INGEST_HEARTBEAT_SECONDS: "0.2", PARTITION_MONTHS_AHEAD: "5" });
  });
  afterAll(async () => {
    await worker?.stop();
    await mosquitto?.stop();
    await t?.close();
  });

  it("creates the months up to PARTITION_MONTHS_AHEAD at start and reports where they reach in /metrics, /healthz and Admin > Ingestion", async () => {
    const horizon = monthStart(new Date(), 6);
    const stats = await waitFor("the worker's partition report", async () => {
      const [row] = await t.sql<{ stats: IngestWorkerStats }[]>`select stats from ingest_workers where id = 'partition-test'`;
      return row?.stats.partitions;
    });
    expect(stats).toEqual([{ table: "telemetry_samples", horizon: horizon.toISOString(), defaultRows: 0, checkedAt: expect.any(String) as string }]);
    expect((await listPartitions(t.db, "telemetry_samples")).map((p) => p.to?.toISOString())).toContain(horizon.toISOString());
    expect(worker.output()).toContain("[partitions] created partition telemetry_samples_y");

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('threadline_partition_default_rows{table="telemetry_samples"} 0');
    const ahead = Number(/threadline_partition_horizon_seconds\{table="telemetry_samples"\} (\S+)/.exec(metrics)?.[1]);
    expect(ahead).toBeGreaterThan(5 * 28 * 86_400);
    const healthz = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as IngestWorkerStats;
    expect(healthz.partitions?.[0]?.horizon).toBe(horizon.toISOString());

    expect((await getIngestionHealth(t.db)).partitions).toEqual(stats);
  });
});
