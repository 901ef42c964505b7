import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient, type SqlClient } from "@/db";
import { seedMasterData } from "@/db/seed/master-data";
import { auditLog, users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { Role, SessionUser } from "@/server/auth/roles";
import { eventEnvelopeSchema, type SubscribableEventType } from "@/server/events/catalog";
import { emitEvent, type NewEvent } from "@/server/events/emit";
import { watchDeadLetterSpike, watchStationsDown, watchWorkersDown } from "@/server/events/watchers";
import { connectPublisher, spawnWorker } from "@/server/ingest/test-support";
import { mailConfig } from "@/server/notifications/mail";
import { startJobRunner, type JobRunner, type JobRunnerOptions } from "@/server/jobs/runner";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { openTestDb } from "@/server/testing/database";
import { freePort, waitFor } from "@/server/testing/support";

import { resolveWebhookAddress, type AddressPolicy } from "./address-policy";
import { postWebhook } from "./post";
import { verifyWebhookSignature } from "./signature";
import { createWebhook, replayDelivery, sendTestEvent, setWebhookEnabled } from "./subscriptions";
import { startReceiver } from "./test-support";

const refusing: AddressPolicy = { allowPrivateNetworks: false, allowedHosts: [] };
const testPolicy: AddressPolicy = { allowPrivateNetworks: false, allowedHosts: ["127.0.0.1"] };
const settings = { policy: testPolicy, maxAttempts: 3 };

describe("webhooks", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  /** A plain client: drizzle's wrapper makes postgres.js return timestamps as strings. */
  let sql: SqlClient;
  let admin: SessionUser;
  const sessionUsers = new Map<Role, SessionUser>();
  let runner: JobRunner;
  const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

  const runnerOptions = (overrides: Partial<JobRunnerOptions["webhook"]> = {}): JobRunnerOptions => ({
    databaseUrl: t.url,
    concurrency: 4,
    webhook: { timeoutMs: 1000, maxAttempts: settings.maxAttempts, policy: testPolicy, ...overrides },
    mail: { ...mailConfig(), smtpUrl: null },
    watchers: null,
    pollIntervalMs: 200,
    stopTimeoutMs: 500,
  });
  /** Jobs waiting out their backoff run now: the schedule is graphile-worker's, the tests need not sit through it. */
  const hurry = () => sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null and run_at > now()`;
  const receiver = async (respond?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  };
  const subscribe = (url: string, eventTypes: SubscribableEventType[] = ["unit.held"], lines: string[] = []) =>
    createWebhook(t.db, admin, { name: `Receiver ${receivers.length}`, url, eventTypes, lines }, settings);
  const attempts = (subscriptionId: number) =>
    sql<{ attempt: number; isSuccess: boolean; statusCode: number | null; error: string | null; eventId: string }[]>`
      select attempt, is_success as "isSuccess", status_code as "statusCode", error, event_id::text as "eventId" from webhook_deliveries where subscription_id = ${subscriptionId} order by id`;
  const heldEvent = (serial: string): NewEvent => ({ type: "unit.held", line: "P1", summary: `${serial} was put on hold`, link: `/traceability/units/${serial}`, data: { serial } });

  beforeAll(async () => {
    t = await openTestDb("webhooks");
    await seedMasterData(t.db, new Date(Date.now() - 90 * 86_400_000));
    sql = createSqlClient(t.url, { max: 2 });
    for (const u of await t.db.select().from(users)) if (!sessionUsers.has(u.role)) sessionUsers.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });
    const found = sessionUsers.get("admin");
    if (!found) throw new Error("the seed has no administrator");
    admin = found;
    runner = await startJobRunner(runnerOptions());
  });
  afterAll(async () => {
    await runner?.stop();
    for (const r of receivers) await r.stop();
    await sql?.end();
    await t?.close();
  });

  it("signs each delivery so that the receiver verifies it with the secret", async () => {
    const r = await receiver();
    const sub = await subscribe(r.url);
    expect(sub.secret).toMatch(/^whsec_/);
    const event = await emitEvent(t.db, heldEvent("SIG-1"));
    const [got] = await waitFor("the delivery", () => r.received.length > 0 && r.received);
    if (!got || !event) throw new Error("nothing delivered");
    const signature = String(got.headers["threadline-signature"]);
    expect(verifyWebhookSignature(sub.secret, signature, got.body)).toBe(true);
    expect(verifyWebhookSignature("whsec_wrong", signature, got.body)).toBe(false);
    expect(verifyWebhookSignature(sub.secret, signature, got.body.replace("SIG-1", "SIG-2"))).toBe(false);
    expect(signature).toMatch(new RegExp(`^t=${String(got.headers["threadline-timestamp"])},v1=[0-9a-f]{64}$`));
    expect(got.headers["threadline-event-id"]).toBe(event.id);
    expect(got.headers["threadline-event-type"]).toBe("unit.held");
    expect(eventEnvelopeSchema.parse(JSON.parse(got.body))).toEqual(event);
    await waitFor("the logged attempt", async () => (await attempts(sub.id)).length === 1);
    expect(await attempts(sub.id)).toMatchObject([{ attempt: 1, isSuccess: true, statusCode: 200, error: null }]);
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("never delivers an event whose transaction rolled back", async () => {
    const r = await receiver();
    const sub = await subscribe(r.url);
    let rolledBack: string | undefined;
    await expect(
      t.db.transaction(async (tx) => {
        rolledBack = (await emitEvent(tx, heldEvent("ROLLBACK-1")))?.id;
        throw new Error("the change fails after emitting");
      }),
    ).rejects.toThrow("the change fails");
    expect(rolledBack).toBeDefined();
    const marker = await emitEvent(t.db, heldEvent("AFTER-ROLLBACK"));
    await waitFor("the later event", () => r.received.some((x) => x.headers["threadline-event-id"] === marker?.id));
    expect(r.received.map((x) => x.headers["threadline-event-id"])).toEqual([marker?.id]);
    expect(await sql`select 1 from events where id = ${rolledBack ?? ""}::uuid`).toHaveLength(0);
    expect(await sql`select 1 from graphile_worker._private_jobs where payload->>'eventId' = ${rolledBack ?? ""}`).toHaveLength(0);
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("retries a receiver that answers 500, then logs the delivery that succeeded", async () => {
    const r = await receiver((_, i) => (i === 0 ? 500 : 200));
    const sub = await subscribe(r.url);
    const event = await emitEvent(t.db, heldEvent("RETRY-1"));
    await waitFor("the retried delivery", async () => (await hurry(), (await attempts(sub.id)).some((a) => a.isSuccess)));
    expect(await attempts(sub.id)).toMatchObject([
      { attempt: 1, isSuccess: false, statusCode: 500, error: "HTTP 500", eventId: event?.id },
      { attempt: 2, isSuccess: true, statusCode: 200, error: null, eventId: event?.id },
    ]);
    expect(r.received.map((x) => x.headers["threadline-event-id"])).toEqual([event?.id, event?.id]);
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("times out a receiver that hangs, logs it and tries again", async () => {
    const r = await receiver((_, i) => (i === 0 ? "hang" : 200));
    const sub = await subscribe(r.url);
    await emitEvent(t.db, heldEvent("HANG-1"));
    await waitFor("the retried delivery", async () => (await hurry(), (await attempts(sub.id)).some((a) => a.isSuccess)));
    const [first, second] = await attempts(sub.id);
    expect(first).toMatchObject({ attempt: 1, isSuccess: false, statusCode: null });
    expect(first?.error).toMatch(/timeout/);
    expect(second).toMatchObject({ attempt: 2, isSuccess: true });
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("marks a subscription failing after its last attempt and emits webhook.failing once", async () => {
    const r = await receiver(() => 503);
    const sub = await subscribe(r.url);
    const event = await emitEvent(t.db, heldEvent("FAIL-1"));
    await waitFor("the subscription marked failing", async () => {
      await hurry();
      const [row] = await sql<{ failingSince: Date | null }[]>`select failing_since as "failingSince" from webhook_subscriptions where id = ${sub.id}`;
      return row?.failingSince !== null;
    });
    expect((await attempts(sub.id)).map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ]);
    const failing = await sql<{ data: { subscriptionId: number; eventId: string } }[]>`select data from events where type = 'webhook.failing'`;
    expect(failing).toMatchObject([{ data: { subscriptionId: sub.id, eventId: event?.id } }]);
    // Nothing retries forever: the job is gone, the log keeps the reasons.
    expect(await sql`select 1 from graphile_worker.jobs where key = ${`webhook:${sub.id}:${event?.id}`}`).toHaveLength(0);
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("delivers the same event after the runner is stopped in the middle of a delivery (at least once)", async () => {
    const r = await receiver((_, i) => (i === 0 ? "hang" : 200));
    const sub = await subscribe(r.url);
    await runner.stop();
    const first = await startJobRunner(runnerOptions({ timeoutMs: 60_000 }));
    const event = await emitEvent(t.db, heldEvent("KILL-1"));
    await waitFor("the receiver holding the request", () => r.heldCount() === 1);
    await first.stop();
    runner = await startJobRunner(runnerOptions());
    await waitFor("the delivery by the new runner", async () => (await hurry(), (await attempts(sub.id)).some((a) => a.isSuccess)));
    expect(r.received.map((x) => x.headers["threadline-event-id"])).toEqual([event?.id, event?.id]);
    expect((await attempts(sub.id)).map((a) => [a.attempt, a.isSuccess])).toEqual([
      [1, false],
      [2, true],
    ]);
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
  });

  it("replays a delivery with the same event id and sends a test event to one subscription only", async () => {
    const r = await receiver();
    const other = await receiver();
    const sub = await subscribe(r.url);
    const otherSub = await subscribe(other.url, ["unit.held", "webhook.failing"]);
    const event = await emitEvent(t.db, heldEvent("REPLAY-1"));
    await waitFor("the first delivery", () => r.received.length === 1);
    await replayDelivery(t.db, admin, { subscriptionId: sub.id, eventId: event?.id ?? "" }, settings);
    await waitFor("the replay", () => r.received.length === 2);
    expect(r.received.map((x) => x.headers["threadline-event-id"])).toEqual([event?.id, event?.id]);

    const test = await sendTestEvent(t.db, admin, { id: sub.id }, settings);
    await waitFor("the test event", () => r.received.length === 3);
    expect(r.received[2]?.headers).toMatchObject({ "threadline-event-id": test.eventId, "threadline-event-type": "webhook.test" });
    await waitFor("the other subscription's delivery", () => other.received.length === 1);
    expect(other.received.map((x) => x.headers["threadline-event-type"])).toEqual(["unit.held"]);
    const actions = (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(sub.id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.created", "webhook.replayed", "webhook.test_sent"]));
    await setWebhookEnabled(t.db, admin, { id: sub.id, isEnabled: false });
    await setWebhookEnabled(t.db, admin, { id: otherSub.id, isEnabled: false });
  });

  it("refuses URLs that are not http(s) or lead to loopback, link-local, metadata or private addresses", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "http://169.254.169.254/latest/meta-data/", "http://localhost:8080/hook", "http://127.0.0.1/hook", "http://[::1]/hook", "http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://[fe80::1]/hook", "http://[::ffff:127.0.0.1]/hook"]) {
      await expect(resolveWebhookAddress(url, refusing), url).rejects.toThrow();
    }
    // The allow-list opens the listed host, never link-local or metadata addresses.
    await expect(resolveWebhookAddress("http://169.254.169.254/", { allowPrivateNetworks: true, allowedHosts: ["169.254.169.254"] })).rejects.toThrow(/metadata/);
    await expect(resolveWebhookAddress("http://10.1.2.3/hook", { allowPrivateNetworks: true, allowedHosts: [] })).resolves.toMatchObject({ address: "10.1.2.3" });
    await expect(resolveWebhookAddress("http://127.0.0.1:9/hook", testPolicy)).resolves.toMatchObject({ address: "127.0.0.1" });

    // Through the API, with the environment's default policy (no allow-list).
    const api = createCaller({ db: t.db, user: admin });
    await expect(api.webhooks.create({ name: "Local", url: "http://localhost:9/hook", eventTypes: ["unit.held"], lines: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.webhooks.create({ name: "Metadata", url: "http://169.254.169.254/", eventTypes: ["unit.held"], lines: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.webhooks.create({ name: "File", url: "file:///etc/passwd", eventTypes: ["unit.held"], lines: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    // Checked again at delivery: a subscription saved under a wider policy is refused under the current one.
    const r = await receiver();
    const outcome = await postWebhook({ url: r.url, secret: "whsec_x" }, { id: crypto.randomUUID(), type: "webhook.test", occurredAt: new Date().toISOString(), line: null, summary: "x", link: null, data: {} }, { timeoutMs: 1000, policy: refusing });
    expect(outcome).toMatchObject({ isSuccess: false, statusCode: null });
    expect(outcome.error).toMatch(/loopback/);
    expect(r.received).toHaveLength(0);
  });

  it("lets administrators alone see and change webhooks", async () => {
    for (const [role, user] of sessionUsers) {
      const api = createCaller({ db: t.db, user });
      if (role === "admin") {
        await expect(api.webhooks.list()).resolves.toBeInstanceOf(Array);
        continue;
      }
      for (const call of [() => api.webhooks.list(), () => api.webhooks.create({ name: "Sneaky", url: "https://example.com/", eventTypes: ["unit.held"], lines: [] }), () => api.webhooks.sendTest({ id: 1 })]) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, role).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code, role).toBe("FORBIDDEN");
      }
    }
    await expect(createCaller({ db: t.db, user: null }).webhooks.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("watchers emit station down, dead-letter spike and worker down once each", async () => {
    const watch = { stationDownMinutes: 10, deadLetterSpikeCount: 3, deadLetterSpikeMinutes: 5, workerDownMinutes: 2 };
    const [station] = await sql<{ id: number }[]>`select s.id from stations s where s.code = 'P1-050'`;
    await sql`insert into station_state_intervals (station_id, state, started_at) values (${station?.id ?? 0}, 'DOWN', now() - interval '20 minutes')`;
    await sql`insert into dead_letters (topic, payload, error) select 'x/y', '\\x00'::bytea, 'bad' from generate_series(1, 3)`;
    await sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats) values ('silent-worker', 'host', 1, now() - interval '1 hour', now() - interval '10 minutes', '{}')`;
    for (let i = 0; i < 2; i++) {
      await watchStationsDown(sql, watch);
      await watchDeadLetterSpike(sql, watch);
      await watchWorkersDown(sql, watch);
    }
    const emitted = await sql<{ type: string; line: string | null }[]>`select type, line from events where type in ('station.down', 'dead_letters.spike', 'worker.down') order by type`;
    expect(emitted).toEqual([
      { type: "dead_letters.spike", line: null },
      { type: "station.down", line: "P1" },
      { type: "worker.down", line: null },
    ]);
  });

  it("turns an alarm published over MQTT into a signed webhook, through the real worker process", async () => {
    const r = await receiver();
    const sub = await subscribe(r.url, ["alarm.raised"], ["P1"]);
    // Only the worker process's own job runner may deliver it.
    await runner.stop();
    const broker = await startEmbeddedBroker(await freePort());
    const worker = spawnWorker({ DATABASE_URL: t.url, MQTT_URL: broker.url, INGEST_CLIENT_ID: "webhooks-e2e", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", AUDIT_ANCHOR_SECONDS: "0" });
    const publisher = await connectPublisher(broker.url);
    try {
      const ts = new Date().toISOString();
      await waitFor("the worker's subscription", async () => (await sql`select 1 from ingest_workers where id = 'webhooks-e2e'`).length > 0);
      await publisher.publishAsync("acme/hamburg/pumps/P1/P1-050/alarm", JSON.stringify({ ts, code: "E-042", severity: "critical", message: "Leak test pressure low", active: true }), { qos: 1 });
      const [got] = await waitFor("the alarm webhook", () => r.received.length > 0 && r.received, 90_000);
      if (!got) throw new Error("nothing delivered");
      expect(verifyWebhookSignature(sub.secret, String(got.headers["threadline-signature"]), got.body)).toBe(true);
      const event = eventEnvelopeSchema.parse(JSON.parse(got.body));
      expect(event).toMatchObject({ type: "alarm.raised", line: "P1", link: "/lines/P1/stations/P1-050", data: { code: "E-042", severity: "critical", station: "P1-050" } });
      expect(got.headers["threadline-event-id"]).toBe(event.id);
    } finally {
      await publisher.endAsync();
      await worker.stop();
      await broker.stop();
      runner = await startJobRunner(runnerOptions());
    }
  }, 120_000);
});
