import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";
import type { IngestWorkerStats } from "@/db/schema";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

test("a stalled worker reads as stalled, in red, with why", async ({ page }) => {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const reason = "holding 812 messages, the oldest for 143 s without committing it (limit 60 s)";
  const stats: IngestWorkerStats = {
    mqttConnected: true,
    dbConnected: true,
    protocolVersion: 5,
    sharedGroup: "threadline",
    messagesPerSecond: 0,
    rowsPerSecond: 0,
    messagesTotal: 48_210,
    deadLettersTotal: 0,
    batchesTotal: 311,
    batchFailuresTotal: 0,
    batchLatencyP50Ms: 14,
    batchLatencyP99Ms: 60_000,
    queueDepth: 612,
    inFlight: 812,
    inFlightPeak: 812,
    lastMessageAt: {},
    oldestUnackedSeconds: 143,
    consecutiveFailedWrites: 0,
    lastCommitAt: new Date(Date.now() - 143_000).toISOString(),
    stalledReason: reason,
  };
  await sql`
    insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats)
    values ('e2e-stalled-worker', 'ingest-2', 4242, now() - interval '2 hours', now(), ${sql.json(JSON.parse(JSON.stringify(stats)) as Parameters<typeof sql.json>[0])})
    on conflict (id) do update set heartbeat_at = excluded.heartbeat_at, stats = excluded.stats`;
  try {
    await signIn(page, "admin", "/admin/ingestion");
    const alert = page.getByRole("alert").filter({ hasText: "Ingestion is stalled" });
    await expect(alert).toContainText(`e2e-stalled-worker: ${reason}`);
    const row = page.getByRole("row").filter({ hasText: "e2e-stalled-worker" });
    await expect(row).toContainText("stalled");
    await expect(row).toContainText("143 s");
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`ingestion-stalled-${width}.png`), fullPage: true });
    }
  } finally {
    await sql`delete from ingest_workers where id = 'e2e-stalled-worker'`;
    await sql.end();
  }
});
