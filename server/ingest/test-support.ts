import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import mqtt, { type MqttClient } from "mqtt";

import { createSqlClient } from "@/db";
import { seedMasterData } from "@/db/seed/master-data";
import { openTestDb } from "@/server/testing/database";
import { freePort, stopChild, waitFor } from "@/server/testing/support";

import { startIngestWorker, type IngestConfig } from "./worker";

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? "/usr/sbin/mosquitto";

/** A Mosquitto of its own on a free port, with in-memory persistent sessions and room for bursts. */
export async function startMosquitto() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "ingest-mosquitto-"));
  const config = path.join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "max_queued_messages 0", "max_inflight_messages 0", "max_queued_bytes 0", "log_dest stderr", "log_type error", "log_type warning"].join("\n") + "\n",
  );
  const child = spawn(MOSQUITTO_BIN, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(`mosquitto on port ${port} (${stderr})`, () => canConnect(port), 10_000);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function connectPublisher(url: string, clientId = `test-publisher-${process.pid}-${Math.random().toString(36).slice(2, 8)}`): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId, protocolVersion: 4, reconnectPeriod: 500 });
  return client;
}

/** The defaults of `npm run worker`, minus the HTTP endpoint, for an in-process worker. */
export function testWorkerConfig(databaseUrl: string, mqttUrl: string, overrides: Partial<IngestConfig> = {}): IngestConfig {
  return {
    databaseUrl,
    mqttUrl,
    clientId: `test-ingest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    sharedGroup: null,
    protocol: "auto",
    batchSize: 5000,
    batchMs: 25,
    maxInFlight: 10_000,
    maxPayloadBytes: 65_536,
    timeWindow: { maxFutureMs: 10 * 60_000, maxPastMs: 30 * 86_400_000 },
    keepaliveSeconds: 30,
    autoRegister: false,
    heartbeatSeconds: 1,
    stallSeconds: 60,
    stallFailures: 5,
    healthPort: -1,
    sparkplugHostId: `test-host-${process.pid}`,
    isSparkplugHost: true,
    log: () => {},
    ...overrides,
  };
}

export async function startTestWorker(databaseUrl: string, mqttUrl: string, overrides: Partial<IngestConfig> = {}) {
  return startIngestWorker(testWorkerConfig(databaseUrl, mqttUrl, overrides));
}

/**
 * A database of its own with the demo plant's master data, a Mosquitto, a
 * worker (replaceable: stop() stops whichever is there) and a publisher.
 * `sql` is a plain client: drizzle's wrapper makes postgres.js return
 * timestamps as strings.
 */
export async function startIngestRig(name: string, overrides: Partial<IngestConfig> = {}) {
  const t = await openTestDb(name);
  await seedMasterData(t.db, new Date(Date.now() - 90 * 86_400_000));
  const mosquitto = await startMosquitto();
  const rig = {
    url: t.url,
    mqttUrl: mosquitto.url,
    sql: createSqlClient(t.url, { max: 2 }),
    worker: await startTestWorker(t.url, mosquitto.url, overrides),
    publisher: await connectPublisher(mosquitto.url),
    async stop() {
      await rig.publisher.endAsync();
      await rig.worker.stop();
      await mosquitto.stop();
      await rig.sql.end();
      await t.close();
    },
  };
  return rig;
}

/**
 * `npm run worker` as a child process, for tests that kill it. Like npm start
 * (and any process supervisor), it is started again when it exits on its own
 * with an error; `restarts` counts those.
 */
export function spawnWorker(env: Record<string, string>) {
  let output = "";
  let restarts = 0;
  let isStopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const start = (): ChildProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/ingest/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      // Delivery tests measure ingestion alone: the KPI rollup refresh stays out of them.
      env: { ...process.env, INGEST_HEALTH_PORT: "-1", KPI_ROLLUP_SECONDS: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code, signal) => {
      if (isStopping || signal !== null || code === 0) return;
      restarts++;
      output += `[supervisor] worker exited with code ${code}; starting it again\n`;
      restartTimer = setTimeout(() => (worker.child = start()), 500);
    });
    return child;
  };
  const worker = {
    child: start(),
    output: () => output,
    get restarts() {
      return restarts;
    },
    /** Stops the current process for good; resolves with its exit code. */
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      isStopping = true;
      clearTimeout(restartTimer);
      await stopChild(worker.child, signal);
      return worker.child.exitCode;
    },
  };
  return worker;
}
