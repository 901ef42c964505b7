import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { users, stations } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { openTestDb } from "@/server/testing/database";

import { RealtimeHub, type HubMessage } from "./hub";
import { notifyRealtime } from "./notify";

/** Reads from an async iterator until `predicate` holds (the test's own timeout bounds it). */
async function nextMatching(iterator: AsyncIterator<HubMessage>, predicate: (m: HubMessage) => boolean) {
  for (;;) {
    const result: IteratorResult<HubMessage> = await iterator.next();
    if (result.done) throw new Error("stream ended");
    if (predicate(result.value)) return result.value;
  }
}

describe("realtime fan-out", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let hub: RealtimeHub;
  let context: Parameters<typeof createCaller>[0];
  /** A subscription stream; aborting the signal ends it on the server, as a closed browser tab would. */
  const subscribe = (input: { lineCode?: string }, signal: AbortSignal) => createCaller(context, { signal }).lines.events(input);
  let p1Station: number;
  let m1Station: number;

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 100 });
    hub = new RealtimeHub(t.url);
    const [viewer] = await t.db.select().from(users).limit(1);
    context = { db: t.db, user: { id: viewer!.id, name: viewer!.name, email: viewer!.email, role: "viewer" }, realtime: hub };
    const all = await t.db.select().from(stations);
    p1Station = all.find((s) => s.code === "P1-050")!.id;
    m1Station = all.find((s) => s.code === "M1-010")!.id;
  });
  afterAll(async () => {
    await hub.stop();
    await t.close();
  });

  it("delivers a committed change to every subscriber over one LISTEN connection", async () => {
    const controllers = [new AbortController(), new AbortController()];
    const streams = await Promise.all(controllers.map((c) => subscribe({}, c.signal)));
    const iterators = streams.map((s) => s[Symbol.asyncIterator]());
    const received = Promise.all(iterators.map((it) => nextMatching(it, (m) => m.type === "change" && m.kind === "state")));
    // Give the subscriptions a moment to attach before notifying.
    await new Promise((r) => setTimeout(r, 200));
    await t.db.transaction((tx) => notifyRealtime(tx, "state", [p1Station]));
    const messages = await received;
    for (const m of messages) expect(m).toMatchObject({ type: "change", kind: "state", stationIds: [p1Station] });
    const [listeners] = await t.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
    expect(listeners?.n).toBe(1);
    controllers.forEach((c) => c.abort());
    // A closed stream leaves the hub: nothing accumulates over days of browsers coming and going.
    await expect.poll(() => hub.subscriberCount).toBe(0);
  });

  it("sends nothing for a rolled-back change", async () => {
    const controller = new AbortController();
    const iterator = (await subscribe({}, controller.signal))[Symbol.asyncIterator]();
    const next = nextMatching(iterator, (m) => m.type === "change");
    await new Promise((r) => setTimeout(r, 200));
    await t.db.transaction(async (tx) => {
      await notifyRealtime(tx, "alarm", [m1Station]);
      tx.rollback();
    }).catch(() => {});
    await t.db.transaction((tx) => notifyRealtime(tx, "unit", [p1Station]));
    expect(await next).toMatchObject({ kind: "unit" });
    controller.abort();
  });

  it("merges bursts of telemetry events into one per second", async () => {
    const controller = new AbortController();
    const iterator = (await subscribe({}, controller.signal))[Symbol.asyncIterator]();
    // Reading starts before anything is sent: the stream attaches to the hub on its first read.
    const received = (async (): Promise<[HubMessage, HubMessage]> => [await nextMatching(iterator, () => true), await nextMatching(iterator, () => true)])();
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 20; i++) await t.db.transaction((tx) => notifyRealtime(tx, "telemetry", [i % 2 === 0 ? p1Station : m1Station]));
    await t.db.transaction((tx) => notifyRealtime(tx, "state", [p1Station]));
    const [first, second] = await received;
    // The state change is not held back by the telemetry window; the twenty telemetry events arrive as one.
    expect(first).toMatchObject({ kind: "state" });
    expect(second).toMatchObject({ kind: "telemetry" });
    expect(second.type === "change" && [...second.stationIds].sort()).toEqual([p1Station, m1Station].sort());
    controller.abort();
  });

  /** Commits an alarm change and waits until the hub has passed it on. */
  async function commitAlarmChange() {
    const controller = new AbortController();
    const iterator = (await subscribe({}, controller.signal))[Symbol.asyncIterator]();
    const next = nextMatching(iterator, (m) => m.type === "change" && m.kind === "alarm");
    await new Promise((r) => setTimeout(r, 200));
    await t.db.transaction((tx) => notifyRealtime(tx, "alarm", [p1Station]));
    await next;
    controller.abort();
  }

  it("shares a cached computation until the next committed change", async () => {
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    expect(await hub.cached("k", 60_000, compute)).toBe(1);
    expect(await hub.cached("k", 60_000, compute)).toBe(1);
    await commitAlarmChange();
    expect(await hub.cached("k", 60_000, compute)).toBe(2);
  });

  it("hands out the last value while one refresh runs once only time has passed, and never a value computed before a change", async () => {
    let computed = 0;
    let release: () => void = () => {};
    const slow = () => new Promise<number>((resolve) => (release = () => resolve(++computed)));
    const first = hub.cached("slow", 50, slow);
    release();
    expect(await first).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    // Expired: both callers get 1 at once, and only one refresh starts.
    expect(await hub.cached("slow", 50, slow)).toBe(1);
    expect(await hub.cached("slow", 50, slow)).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(await hub.cached("slow", 50, slow)).toBe(2);

    // A change lands while a refresh runs: the refresh's result is dropped, the next caller computes afresh.
    await new Promise((r) => setTimeout(r, 80));
    expect(await hub.cached("slow", 50, slow)).toBe(2);
    await commitAlarmChange();
    release();
    const after = hub.cached("slow", 50, slow);
    release();
    expect(await after).toBe(4);
  });

  it("filters a line's stream to that line's stations", async () => {
    const controller = new AbortController();
    const iterator = (await subscribe({ lineCode: "P1" }, controller.signal))[Symbol.asyncIterator]();
    const next = nextMatching(iterator, (m) => m.type === "change");
    await new Promise((r) => setTimeout(r, 200));
    await t.db.transaction((tx) => notifyRealtime(tx, "state", [m1Station]));
    await t.db.transaction((tx) => notifyRealtime(tx, "alarm", [p1Station]));
    expect(await next).toMatchObject({ kind: "alarm", stationIds: [p1Station] });
    controller.abort();
  });

  it("tells subscribers to resynchronise after the LISTEN connection was cut", async () => {
    const controller = new AbortController();
    const iterator = (await subscribe({}, controller.signal))[Symbol.asyncIterator]();
    const resync = nextMatching(iterator, (m) => m.type === "resync");
    await new Promise((r) => setTimeout(r, 200));
    await t.sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
    expect(await resync).toMatchObject({ type: "resync" });
    controller.abort();
  });
});
