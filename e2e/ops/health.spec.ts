import { expect, test } from "@playwright/test";

// What a load balancer or Kubernetes asks, signed out (docs/operations.md).
test("readiness and liveness answer without a session, with the build id and every check", async ({ request }) => {
  const ready = await request.get("/api/health");
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toBe("no-store");
  const body = (await ready.json()) as { status: string; build: string | null; checks: Record<string, { ok: boolean; detail: string }> };
  expect(body.status).toBe("ready");
  expect(body.build).toMatch(/^[\w-]+$/);
  expect(body.checks.database?.ok).toBe(true);
  expect(body.checks.migrations?.ok).toBe(true);
  expect(body.checks.liveUpdates).toMatchObject({ ok: true, detail: "NOTIFY came back on the LISTEN connection" });
  // The e2e portal runs its own ingestion worker.
  expect(body.checks.workers?.detail).toMatch(/^[1-9]\d* ingestion workers? alive$/);

  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: "alive" });
});
