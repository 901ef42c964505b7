import { createDb, createSqlClient } from "@/db";
import { auditSettings, scheduleAuditAnchors } from "@/server/audit/anchor";
import { schedulePartitionMaintenance } from "@/server/data-lifecycle/maintenance";
import { env, requireDatabaseUrl } from "@/server/env";
import { startJobRunner } from "@/server/jobs/runner";
import { scheduleKpiRollups } from "@/server/kpis/rollup-schedule";
import { mailConfig } from "@/server/notifications/mail";
import { webhookSettings } from "@/server/webhooks/settings";

import { defaultClientId, startIngestWorker } from "./worker";

/** How long SIGTERM waits for the messages in hand to be committed before giving up (they are redelivered then). */
const STOP_TIMEOUT_MS = 25_000;

function fail(error: unknown): never {
  console.error("[ingest] fatal (exiting; unacknowledged messages will be delivered again):", error);
  process.exit(1);
}

/**
 * An uncaught exception or unhandled rejection is a bug: the worker exits, its
 * supervisor (npm start, systemd, Kubernetes) starts it again, and the broker
 * redelivers everything not yet acknowledged, which is everything not yet
 * committed. A terminated database backend is not such a bug: postgres.js
 * 3.4.9 threw from a timer then and carried the dead session's state into the
 * next one (porsager/postgres#1154, #1208); patches/postgres+3.4.9.patch
 * makes it fail the queries instead, and the worker retries on a fresh pool.
 */
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const config = env();
const mqttUrl = config.MQTT_URL;
if (!mqttUrl) fail(new Error("MQTT_URL is not set (npm start sets it for the embedded broker)"));
const sharedGroup = config.INGEST_SHARED_GROUP ?? null;

// Not awaited yet: the worker takes messages before it has finished starting (its first
// heartbeat), so a SIGTERM in that moment must already find the handler below.
const starting = startIngestWorker({
  databaseUrl: requireDatabaseUrl(),
  mqttUrl,
  clientId: config.INGEST_CLIENT_ID ?? defaultClientId(sharedGroup),
  sharedGroup,
  protocol: config.INGEST_MQTT_PROTOCOL,
  batchSize: config.INGEST_BATCH_SIZE,
  batchMs: config.INGEST_BATCH_MS,
  maxInFlight: config.INGEST_MAX_IN_FLIGHT,
  maxPayloadBytes: config.INGEST_MAX_PAYLOAD_BYTES,
  timeWindow: { maxFutureMs: config.INGEST_MAX_FUTURE_MINUTES * 60_000, maxPastMs: config.INGEST_MAX_PAST_DAYS * 86_400_000 },
  keepaliveSeconds: config.INGEST_MQTT_KEEPALIVE_SECONDS,
  autoRegister: config.INGEST_AUTO_REGISTER,
  heartbeatSeconds: config.INGEST_HEARTBEAT_SECONDS,
  stallSeconds: config.INGEST_STALL_SECONDS,
  stallFailures: config.INGEST_STALL_FAILURES,
  healthPort: config.INGEST_HEALTH_PORT,
  healthHost: config.INGEST_HEALTH_HOST,
  sparkplugHostId: config.INGEST_SPARKPLUG_HOST_ID,
  isSparkplugHost: config.INGEST_SPARKPLUG,
});

// The worker also keeps the KPI rollups current: it is the process that knows when new records arrive.
const backgroundSql = createSqlClient(requireDatabaseUrl(), { max: 1 });
const backgroundDb = createDb(backgroundSql);
const rollups = config.KPI_ROLLUP_SECONDS > 0 ? scheduleKpiRollups(backgroundDb, { intervalMs: config.KPI_ROLLUP_SECONDS * 1000, log: (m) => console.log(`[kpi] ${m}`) }) : null;
// And it anchors the audit chain outside the database (docs/audit.md): it runs wherever Threadline does.
const anchors = scheduleAuditAnchors(backgroundDb, auditSettings(), { intervalMs: config.AUDIT_ANCHOR_SECONDS * 1000, log: (m) => console.log(`[audit] ${m}`) });
// And it keeps partitions ahead of the clock and applies retention (docs/data-lifecycle.md); its health reports the outcome.
const partitions =
  config.PARTITION_MAINTENANCE_SECONDS > 0
    ? schedulePartitionMaintenance(backgroundDb, {
        intervalMs: config.PARTITION_MAINTENANCE_SECONDS * 1000,
        monthsAhead: config.PARTITION_MONTHS_AHEAD,
        log: (m) => console.log(`[partitions] ${m}`),
        onStatus: (status) => void starting.then((worker) => worker.health.partitionsChecked(status)),
      })
    : null;

// And it runs the job queue: event fan-out, webhook deliveries, the periodic watchers (docs/webhooks.md).
const jobs = startJobRunner({
  databaseUrl: requireDatabaseUrl(),
  concurrency: config.JOBS_CONCURRENCY,
  webhook: webhookSettings(),
  mail: mailConfig(),
  watchers: {
    stationDownMinutes: config.STATION_DOWN_ALERT_MINUTES,
    deadLetterSpikeCount: config.DEAD_LETTER_SPIKE_COUNT,
    deadLetterSpikeMinutes: config.DEAD_LETTER_SPIKE_MINUTES,
    workerDownMinutes: config.WORKER_DOWN_ALERT_MINUTES,
  },
  log: (m) => console.log(`[jobs] ${m}`),
});

let isStopping = false;
function shutdown(signal: string) {
  if (isStopping) return;
  isStopping = true;
  console.log(`[ingest] ${signal}: finishing the messages in hand`);
  const timer = setTimeout(() => {
    console.error("[ingest] not stopped in time; exiting (the broker will deliver what was not committed again)");
    process.exit(1);
  }, STOP_TIMEOUT_MS);
  Promise.all([starting.then((worker) => worker.stop()), jobs.then((runner) => runner.stop()), rollups?.stop(), anchors?.stop(), partitions?.stop()])
    .then(() => backgroundSql.end())
    .then(() => {
      clearTimeout(timer);
      process.exit(0);
    })
    .catch(fail);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

await Promise.all([starting, jobs]);
