import fs from "node:fs";
import path from "node:path";

import type { SqlClient } from "@/db";
import journal from "@/db/migrations/meta/_journal.json";
import type { RealtimeHub } from "@/server/realtime/hub";

const CHECK_TIMEOUT_MS = 2000;
/** A worker whose heartbeat is older than this is gone (the admin's ingestion page uses the same). */
const WORKER_ALIVE_MS = 3 * 60_000;

export interface Check {
  ok: boolean;
  detail: string;
  ms?: number;
}

export interface Readiness {
  /** Ready: this process can serve (database answers with every migration applied, live updates flow). */
  status: "ready" | "not_ready";
  /** Serving, but part of the plant's picture is stale: no ingestion worker is alive. */
  isDegraded: boolean;
  build: string | null;
  uptimeSeconds: number;
  checks: { database: Check; migrations: Check; liveUpdates: Check; workers: Check };
}

function withTimeout<T>(work: Promise<T>, what: string) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

const failed = (error: unknown): Check => ({ ok: false, detail: error instanceof Error ? error.message : String(error) });

export function buildId() {
  try {
    return fs.readFileSync(path.join(process.cwd(), ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/** What /api/health reports (docs/operations.md): each check bounded in time, so a hung database makes the answer "not ready", never a hung probe. */
export async function readiness(sql: SqlClient, hub: RealtimeHub): Promise<Readiness> {
  const started = performance.now();
  const database = withTimeout(sql<{ migrations: number; workers: number }[]>`
    select (select count(*)::int from drizzle.__drizzle_migrations) as migrations,
      (select count(*)::int from ingest_workers where stopped_at is null and heartbeat_at > now() - make_interval(secs => ${WORKER_ALIVE_MS / 1000})) as workers`, "the database");
  const [db, live] = await Promise.allSettled([database, withTimeout(hub.ping(CHECK_TIMEOUT_MS), "LISTEN/NOTIFY")]);

  const row = db.status === "fulfilled" ? db.value[0] : undefined;
  const expected = journal.entries.length;
  const checks: Readiness["checks"] = {
    database: db.status === "fulfilled" ? { ok: true, detail: "answers", ms: Math.round(performance.now() - started) } : failed(db.reason),
    migrations: !row
      ? { ok: false, detail: "unknown: the database did not answer" }
      : row.migrations >= expected
        ? { ok: true, detail: `${row.migrations} applied` }
        : { ok: false, detail: `${row.migrations} of ${expected} applied: run npm run db:migrate` },
    liveUpdates: live.status === "fulfilled" ? { ok: true, detail: "NOTIFY came back on the LISTEN connection", ms: Math.round(live.value) } : failed(live.reason),
    workers: !row ? { ok: false, detail: "unknown: the database did not answer" } : { ok: row.workers > 0, detail: `${row.workers} ingestion worker${row.workers === 1 ? "" : "s"} alive` },
  };
  const isReady = checks.database.ok && checks.migrations.ok && checks.liveUpdates.ok;
  return { status: isReady ? "ready" : "not_ready", isDegraded: isReady && !checks.workers.ok, build: buildId(), uptimeSeconds: Math.round(process.uptime()), checks };
}
