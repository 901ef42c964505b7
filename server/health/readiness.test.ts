import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient } from "@/db";
import journal from "@/db/migrations/meta/_journal.json";
import { RealtimeHub } from "@/server/realtime/hub";
import { freePort } from "@/server/testing/support";
import { openTestDb } from "@/server/testing/database";

import { readiness } from "./readiness";

describe("readiness (/api/health)", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let hub: RealtimeHub;
  beforeAll(async () => {
    t = await openTestDb();
    hub = new RealtimeHub(t.url);
  });
  afterAll(async () => {
    await hub.stop();
    await t.close();
  });

  it("is ready with every migration applied and a NOTIFY that comes back, and degraded while no worker is alive", async () => {
    const result = await readiness(t.sql, hub);
    expect(result.status).toBe("ready");
    expect(result.checks.migrations).toEqual({ ok: true, detail: `${journal.entries.length} applied` });
    expect(result.checks.liveUpdates.ok).toBe(true);
    expect(result.checks.workers).toEqual({ ok: false, detail: "0 ingestion workers alive" });
    expect(result.isDegraded).toBe(true);

    const stats = JSON.stringify({ lastMessageAt: {} });
    await t.sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats) values ('w1', 'host', 1, now(), now(), ${stats}::jsonb)`;
    await t.sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats) values ('w0', 'host', 2, now(), now() - interval '10 minutes', ${stats}::jsonb)`;
    const withWorker = await readiness(t.sql, hub);
    expect(withWorker.checks.workers).toEqual({ ok: true, detail: "1 ingestion worker alive" });
    expect(withWorker.isDegraded).toBe(false);
  });

  it("is not ready, saying what to run, while a migration is missing", async () => {
    const [last] = await t.sql<{ id: number }[]>`select id from drizzle.__drizzle_migrations order by id desc limit 1`;
    await t.sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`;
    const result = await readiness(t.sql, hub);
    expect(result.status).toBe("not_ready");
    expect(result.checks.migrations.detail).toBe(`${journal.entries.length - 1} of ${journal.entries.length} applied: run npm run db:migrate`);
  });

  it("is not ready, and still answers, when the database cannot be reached", async () => {
    const port = await freePort();
    const nowhere = `postgres://postgres@127.0.0.1:${port}/nothing`;
    const deadSql = createSqlClient(nowhere, { max: 1, connect_timeout: 1 });
    const deadHub = new RealtimeHub(nowhere);
    try {
      const result = await readiness(deadSql, deadHub);
      expect(result.status).toBe("not_ready");
      expect(result.checks.database.ok).toBe(false);
      expect(result.checks.database.detail).toMatch(/ECONNREFUSED|did not answer/);
      expect(result.checks.liveUpdates.ok).toBe(false);
      expect(result.checks.migrations.detail).toBe("unknown: the database did not answer");
    } finally {
      await deadHub.stop().catch(() => undefined);
      await deadSql.end({ timeout: 0 });
    }
  });
});
