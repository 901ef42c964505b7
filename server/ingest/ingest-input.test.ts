import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { count, waitFor } from "@/server/testing/support";

import { startIngestRig, startTestWorker } from "./test-support";

const base = "acme/hamburg/pumps/P2";
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Input that once stopped ingestion (issue 12, items 1, 2 and 6), against a
 * real Mosquitto: each bad message becomes one dead letter with its reason,
 * and the good message published after it lands.
 */
describe("ingestion of hostile input", () => {
  let rig: Awaited<ReturnType<typeof startIngestRig>>;
  const clientId = `input-test-${process.pid}`;
  const now = Date.now();
  const publish = (topic: string, payload: string | Buffer | object) =>
    rig.publisher.publishAsync(topic, typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), { qos: 1 });
  const deadLetters = (topic: string) => rig.sql<{ payload: Buffer; error: string }[]>`select payload, error from dead_letters where topic = ${topic} order by id`;
  const states = (code: string) =>
    rig.sql<{ state: string; startedAt: Date; endedAt: Date | null }[]>`
      select i.state, i.started_at as "startedAt", i.ended_at as "endedAt" from station_state_intervals i join stations s on s.id = i.station_id
      where s.code = ${code} order by i.started_at`;

  beforeAll(async () => {
    rig = await startIngestRig("ingest_input", { clientId });
  });
  afterAll(() => rig?.stop());

  it("dead-letters a state dated 9999-12-31 instead of stalling on the KPI trigger, and one from long ago", async () => {
    const topic = `${base}/P2-010/state`;
    await publish(topic, { ts: iso(now - 3600_000), state: "RUNNING" });
    await waitFor("the open interval", async () => (await states("P2-010")).length === 1);
    await publish(topic, { ts: "9999-12-31T00:00:00+00:00", state: "DOWN" });
    await publish(topic, { ts: "2000-01-01T00:00:00+00:00", state: "IDLE" });
    await publish(topic, { ts: iso(now), state: "SETUP" });

    const rows = await waitFor("the state after them", async () => {
      const r = await states("P2-010");
      return r.some((s) => s.state === "SETUP") && r;
    }, 30_000);
    expect(rows).toEqual([
      { state: "RUNNING", startedAt: new Date(now - 3600_000), endedAt: new Date(now) },
      { state: "SETUP", startedAt: new Date(now), endedAt: null },
    ]);
    const letters = await deadLetters(topic);
    expect(letters.map((l) => l.error)).toEqual([
      expect.stringMatching(/^ts 9999-12-31T00:00:00\.000Z is more than 10 minutes ahead of the worker's clock/),
      expect.stringMatching(/^ts 2000-01-01T00:00:00\.000Z is more than 30 days behind the worker's clock/),
    ]);
    expect(await count(rig.sql, "select count(*) as n from kpi_dirty_hours where hour > now() + interval '1 day'")).toBe(0);
  });

  it("dead-letters payloads with NUL bytes (invalid UTF-8, or a parse error quoting the NUL), and the unit after them lands", async () => {
    const topic = `${base}/P2-020/state`;
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x80]);
    const json = Buffer.from('{"ts":\0}');
    await publish(topic, bytes);
    await publish(topic, json);
    await publish(`${base}/P2-020/unit`, { ts: iso(now), serial: "CP40-NUL-0000001", partNumber: "CP40-ASM", operation: "OP10", result: "PASS" });
    await waitFor("the unit", async () => (await count(rig.sql, "select count(*) as n from units where serial = 'CP40-NUL-0000001'")) === 1, 30_000);
    const letters = await deadLetters(topic);
    expect(letters).toEqual([
      { payload: bytes, error: "payload is not valid UTF-8" },
      { payload: json, error: expect.stringMatching(/^malformed JSON: Unexpected token '\\u0000'/) as unknown },
    ]);
  });

  it("refuses NUL characters in payload strings with a reason", async () => {
    const unitTopic = `${base}/P2-030/unit`;
    const bad: [string, object, RegExp][] = [
      [unitTopic, { ts: iso(now), serial: "CP40-\u0000-1", partNumber: "CP40-ASM", operation: "OP10", result: "PASS" }, /serial: must not contain U\+0000/],
      [unitTopic, { ts: iso(now), serial: "CP40-NUL-0000002", partNumber: "CP40-ASM", operation: "OP10", result: "PASS", operator: "a\u0000b" }, /operator: must not contain U\+0000/],
      [unitTopic, { ts: iso(now), serial: "CP40-NUL-0000003", partNumber: "CP40-ASM", operation: "OP10", result: "PASS", measurements: [{ name: "t\u0000", value: 1 }] }, /measurements\.0\.name: must not contain U\+0000/],
      [`${base}/P2-030/alarm`, { ts: iso(now), code: "X1", severity: "info", message: "bad\u0000message", active: true }, /message: must not contain U\+0000/],
      [`${base}/P2-030/state`, { ts: iso(now), state: "DOWN", reason: "\u0000" }, /reason: must not contain U\+0000/],
      [`${base}/P2-030/telemetry`, { ts: iso(now), metrics: { "t\u0000": 1 } }, /metrics\.t\\u0000: metric names are 1-64 of/],
    ];
    for (const [topic, payload] of bad) await publish(topic, payload);
    await publish(`${base}/P2-030/state`, { ts: iso(now), state: "RUNNING" });
    await waitFor("the state after them", async () => (await states("P2-030")).length === 1, 30_000);
    const letters = await rig.sql<{ topic: string; payload: Buffer; error: string }[]>`select topic, payload, error from dead_letters where topic like ${`${base}/P2-030/%`} order by id`;
    expect(letters).toHaveLength(bad.length);
    bad.forEach(([topic, payload, reason], i) => {
      expect(letters[i]?.topic).toBe(topic);
      expect(letters[i]?.payload.toString()).toBe(JSON.stringify(payload));
      expect(letters[i]?.error).toMatch(reason);
      expect(letters[i]?.error).not.toContain("\0");
    });
    expect(await count(rig.sql, "select count(*) as n from units where serial like 'CP40-NUL-000000%' and serial <> 'CP40-NUL-0000001'")).toBe(0);
  });

  it("dead-letters a different state at the same instant, while an exact redelivery stays a silent no-op", async () => {
    const topic = `${base}/P2-040/state`;
    const at = iso(now - 600_000);
    const running = JSON.stringify({ ts: at, state: "RUNNING" });
    await publish(topic, running);
    await publish(topic, { ts: at, state: "DOWN", reason: "JAM" });
    await publish(topic, running);
    await publish(topic, { ts: iso(now), state: "IDLE" });
    const rows = await waitFor("the state after them", async () => {
      const r = await states("P2-040");
      return r.some((s) => s.state === "IDLE") && r;
    }, 30_000);
    expect(rows.map((r) => r.state)).toEqual(["RUNNING", "IDLE"]);
    const letters = await deadLetters(topic);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.payload.toString()).toBe(JSON.stringify({ ts: at, state: "DOWN", reason: "JAM" }));
    expect(letters[0]?.error).toBe(`state DOWN (JAM) at ${new Date(at).toISOString()}: the station already reported RUNNING at that instant`);
  });

  it("dead-letters a different count at the same instant, while an exact redelivery stays a silent no-op", async () => {
    const topic = `${base}/P2-040/count`;
    const at = iso(now - 600_000);
    const first = JSON.stringify({ ts: at, good: 5, scrap: 1 });
    await publish(topic, first);
    await publish(topic, { ts: at, good: 6, scrap: 0 });
    await publish(topic, first);
    await publish(topic, { ts: iso(now), good: 9, scrap: 0 });
    const rows = await waitFor("the count after them", async () => {
      const r = await rig.sql<{ good: number }[]>`select c.good from production_counts c join stations s on s.id = c.station_id where s.code = 'P2-040' order by c.ts`;
      return r.some((c) => c.good === 9) && r;
    }, 30_000);
    expect(rows.map((r) => r.good)).toEqual([5, 9]);
    expect(await deadLetters(topic)).toEqual([
      { payload: Buffer.from(JSON.stringify({ ts: at, good: 6, scrap: 0 })), error: `count at ${new Date(at).toISOString()} (good 6, scrap 0, rework 0): the station already reported good 5, scrap 1, rework 0 at that instant` },
    ]);
  });

  it("dead-letters a different alarm raised at the same instant as one already stored, while an exact redelivery stays a silent no-op", async () => {
    const topic = `${base}/P2-040/alarm`;
    const at = iso(now - 300_000);
    const raised = JSON.stringify({ ts: at, code: "AIR-LOW", severity: "warning", message: "Air pressure low", active: true });
    await publish(topic, raised);
    await publish(topic, { ts: iso(now - 240_000), code: "AIR-LOW", severity: "warning", message: "Air pressure low", active: false });
    await publish(topic, { ts: at, code: "AIR-LOW", severity: "critical", message: "Air supply lost", active: true });
    await publish(topic, raised);
    await publish(topic, { ts: iso(now), code: "DOOR", severity: "info", message: "Guard door open", active: true });
    const rows = await waitFor("the alarm after them", async () => {
      const r = await rig.sql<{ code: string; severity: string }[]>`
        select a.code, a.severity from alarms a join stations s on s.id = a.station_id where s.code = 'P2-040' order by a.raised_at`;
      return r.some((a) => a.code === "DOOR") && r;
    }, 30_000);
    expect(rows).toEqual([{ code: "AIR-LOW", severity: "warning" }, { code: "DOOR", severity: "info" }]);
    expect(await deadLetters(topic)).toEqual([
      {
        payload: Buffer.from(JSON.stringify({ ts: at, code: "AIR-LOW", severity: "critical", message: "Air supply lost", active: true })),
        error: `alarm AIR-LOW (critical: Air supply lost) raised at ${new Date(at).toISOString()}: the station already reported AIR-LOW (warning: Air pressure low) at that instant`,
      },
    ]);
  });

  it("acknowledges and counts a message that cannot be written even as a dead letter, and goes on", async () => {
    const topic = `${base}/P2-010/alarm`;
    // The database itself refuses this dead letter, as it would refuse any text it cannot store.
    await rig.sql.unsafe(`alter table dead_letters add constraint dead_letters_test_refuse check (topic <> '${topic}')`);
    await publish(topic, "{not json");
    await publish(`${base}/P2-010/count`, { ts: iso(now), good: 7, scrap: 0 });
    await waitFor("the count after it", async () => (await count(rig.sql, "select count(*) as n from production_counts where good = 7")) === 1, 30_000);
    expect(rig.worker.health.unwritableTotal).toBe(1);
    expect(await rig.worker.health.registry.getSingleMetricAsString("threadline_ingest_unwritable_total")).toMatch(/ 1$/m);

    // It was acknowledged: a worker with the same session gets no second copy once the database would take it.
    await rig.worker.stop();
    await rig.sql`alter table dead_letters drop constraint dead_letters_test_refuse`;
    rig.worker = await startTestWorker(rig.url, rig.mqttUrl, { clientId });
    await publish(`${base}/P2-010/count`, { ts: iso(now + 1000), good: 8, scrap: 0 });
    await waitFor("the count after the restart", async () => (await count(rig.sql, "select count(*) as n from production_counts where good = 8")) === 1, 30_000);
    expect(await deadLetters(topic)).toEqual([]);
  });

  it("finds a message the database refuses in a batch of a thousand with a few transactions, not one per message", async () => {
    await rig.worker.stop();
    // One batch for all of them; the database refuses one sample value, as it would refuse data no check foresaw.
    rig.worker = await startTestWorker(rig.url, rig.mqttUrl, { clientId, batchMs: 2000 });
    await rig.sql.unsafe("alter table telemetry_samples add constraint telemetry_samples_test_refuse check (value <> 666)");
    const topic = `${base}/P2-040/telemetry`;
    const batchesBefore = rig.worker.health.batchesTotal;
    await Promise.all(Array.from({ length: 1000 }, (_, i) => publish(topic, { ts: iso(now - 1000 * i), metrics: { fuzz_value: i === 500 ? 666 : -i } })));
    await waitFor("999 samples", async () => (await count(rig.sql, "select count(*) as n from telemetry_samples s join telemetry_metrics m on m.id = s.metric_id where m.name = 'fuzz_value'")) === 999, 30_000);
    const letters = await waitFor("its dead letter", async () => {
      const r = await deadLetters(topic);
      return r.length === 1 && r;
    });
    expect(letters[0]?.error).toMatch(/^could not be written: .*telemetry_samples_test_refuse/);
    expect(rig.worker.health.batchesTotal - batchesBefore).toBeLessThan(50);
    await rig.sql.unsafe("alter table telemetry_samples drop constraint telemetry_samples_test_refuse");
  });
});
