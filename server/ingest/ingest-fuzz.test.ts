import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRandom } from "@/db/seed/random";
import { waitFor } from "@/server/testing/support";

import { fuzzStream, type FuzzMessage } from "./fuzz-stream";
import { startIngestRig } from "./test-support";

/** Change it to explore; a failure names it, so the same stream can be replayed. */
const SEED = 20_261_129;
const MAX_PAYLOAD_BYTES = 65_536;

/**
 * A seeded random stream of good and hostile messages through a real
 * Mosquitto into a real Postgres: every good message lands exactly once,
 * every bad one is exactly one dead letter with a reason, and a good message
 * published after all of them still lands.
 */
describe(`ingestion fuzz (seed ${SEED})`, () => {
  let rig: Awaited<ReturnType<typeof startIngestRig>>;

  beforeAll(async () => {
    rig = await startIngestRig("ingest_fuzz", { maxPayloadBytes: MAX_PAYLOAD_BYTES });
  });
  afterAll(() => rig?.stop());

  it("lands every good message once and dead-letters every bad one once, with a reason, and keeps going", async () => {
    const stream = fuzzStream(createRandom(SEED), { count: 3000, now: Date.now() });
    const publish = (m: FuzzMessage) => rig.publisher.publishAsync(m.topic, m.payload, { qos: 1 });
    // In order, a few hundred at a time: a state refused for its instant must follow the state it collides with.
    for (let i = 0; i < stream.messages.length; i += 200) await Promise.all(stream.messages.slice(i, i + 200).map(publish));
    await publish(stream.last);
    await waitFor("the good message published after all the others", async () => (await stream.landed(rig.sql)).last, 60_000);

    const landed = await stream.landed(rig.sql);
    expect(landed.extra, "rows stored twice, or for a bad message").toEqual([]);
    expect(landed.missing, "good messages not stored").toEqual([]);

    const bad = stream.messages.filter((m) => m.isBad);
    const letters = await rig.sql<{ topic: string; payload: Buffer; error: string }[]>`select topic, payload, error from dead_letters order by id`;
    // Equal bad messages (two empty payloads on one topic, say) each get their own dead letter.
    const key = (topic: string, payload: Buffer) => `${topic} ${payload.subarray(0, MAX_PAYLOAD_BYTES).toString("hex")}`;
    const tally = (keys: string[]) => keys.reduce((map, k) => map.set(k, (map.get(k) ?? 0) + 1), new Map<string, number>());
    const stored = tally(letters.map((l) => key(l.topic, l.payload)));
    const wanted = tally(bad.map((m) => key(m.topic, m.payload)));
    const wrong = bad.filter((m) => stored.get(key(m.topic, m.payload)) !== wanted.get(key(m.topic, m.payload)));
    expect(wrong.map((m) => `${m.what}: ${stored.get(key(m.topic, m.payload)) ?? 0} dead letters`), "bad messages without exactly one dead letter each").toEqual([]);
    expect(letters).toHaveLength(bad.length);
    expect(letters.filter((l) => l.error.trim() === "")).toEqual([]);
    expect(new Set(bad.map((m) => m.what)).size).toBeGreaterThanOrEqual(10);
  });
});
