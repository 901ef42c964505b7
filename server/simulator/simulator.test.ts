import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient, type SqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { linePaceSeconds } from "@/db/seed/plant-operation";
import { createRandom } from "@/db/seed/random";
import { payloadSchemas } from "@/server/ingest/payloads";
import { startTestWorker } from "@/server/ingest/test-support";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { openTestDb } from "@/server/testing/database";
import { count, freePort, waitFor } from "@/server/testing/support";

import { loadFactoryModel, refreshWorkOrders, type SimStation } from "./factory-model";
import { LineSimulator, type MessageKind } from "./line-simulator";
import { startSimulator } from "./simulator";

describe("line simulator", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let sql: SqlClient;
  let seedUnits: number;

  beforeAll(async () => {
    t = await openTestDb("ingest_simulator");
    const counts = await seedDatabase(t.sql, { units: 60 });
    seedUnits = counts.units ?? 0;
    sql = createSqlClient(t.url, { max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  it("follows each routing with first-pass failures, rework, scrap, motor serials and lots, in messages the contract accepts", async () => {
    const model = await loadFactoryModel(sql);
    const sent: { station: SimStation; kind: MessageKind; payload: Record<string, unknown> }[] = [];
    const simulator = new LineSimulator(model, { send: (station, kind, payload) => sent.push({ station, kind, payload }) }, { telemetryRate: 2, random: createRandom(7).next });
    const start = Date.now();
    simulator.announce(start);
    // Twelve hours of plant time, in 1-second steps.
    for (let now = start; now < start + 12 * 3600_000; now += 1000) simulator.tick(now);

    for (const { kind, payload } of sent) expect(payloadSchemas[kind].safeParse(payload).success, JSON.stringify(payload)).toBe(true);
    const units = sent.filter((m) => m.kind === "unit").map((m) => ({ station: m.station, unit: payloadSchemas.unit.parse(m.payload) }));
    expect(units.some((u) => u.unit.result === "FAIL")).toBe(true);
    expect(units.some((u) => u.unit.result === "SCRAP")).toBe(true);
    // New serials have a prefix of their own; the seed's units left in progress are carried on under theirs.
    expect(units.every((u) => /^(CP40|CP60|M075)-S?\d{7}$/.test(u.unit.serial))).toBe(true);

    // Every unit visits its routing's stations in order; a failed step is repeated at the same station.
    const model2 = new Map(model.products.map((p) => [p.serialPrefix, p]));
    const bySerial = new Map<string, typeof units>();
    for (const u of units) bySerial.set(u.unit.serial, [...(bySerial.get(u.unit.serial) ?? []), u]);
    for (const [serial, steps] of bySerial) {
      if (!serial.includes("-S")) continue;
      const product = model2.get(serial.slice(0, serial.length - 7));
      expect(product).toBeDefined();
      const passed = steps.filter((s) => s.unit.result === "PASS").map((s) => s.unit.operation);
      expect(passed).toEqual(product?.routing.slice(0, passed.length).map((op) => op.code));
      for (const s of steps) expect(s.station.code).toBe(product?.routing.find((op) => op.code === s.unit.operation)?.stationCode);
    }

    const motorsBuilt = new Set(units.filter((u) => u.unit.serial.startsWith("M075-S") && u.unit.operation === "OP50" && u.unit.result === "PASS").map((u) => u.unit.serial));
    const motorsFitted = units.flatMap((u) => u.unit.components ?? []).filter((c) => c.partNumber === "MTR-075");
    expect(motorsFitted.length).toBeGreaterThan(10);
    // Seed motors in stock go first; after them, only motors this run built and passed.
    const simulatedMotors = motorsFitted.filter((m) => m.serial?.startsWith("M075-S"));
    expect(simulatedMotors.length).toBeGreaterThan(0);
    for (const motor of simulatedMotors) expect(motorsBuilt.has(motor.serial ?? "")).toBe(true);
    expect(units.flatMap((u) => u.unit.components ?? []).some((c) => c.lot?.startsWith("HSG-40"))).toBe(true);

    const states = sent.filter((m) => m.kind === "state").map((m) => payloadSchemas.state.parse(m.payload).state);
    expect(new Set(states)).toEqual(new Set(["RUNNING", "IDLE", "STARVED", "BLOCKED", "DOWN", "SETUP", "PLANNED_STOP"]));
    const alarms = sent.filter((m) => m.kind === "alarm").map((m) => payloadSchemas.alarm.parse(m.payload));
    expect(alarms.filter((a) => a.active).length).toBeGreaterThan(0);
    expect(alarms.filter((a) => !a.active).length).toBeGreaterThan(0);
  });

  it("reports new units against released or in-progress orders only, and follows a planner's hold", async () => {
    const model = await loadFactoryModel(sql);
    const pump = model.products.find((p) => p.partNumber === "CP40-ASM");
    const open = await sql<{ number: string }[]>`select number from work_orders where status in ('released', 'in_progress') and number = any(${sql.array(pump?.workOrders ?? [])}::text[])`;
    expect(pump?.workOrders.length).toBeGreaterThan(0);
    expect(open.map((o) => o.number).sort()).toEqual([...(pump?.workOrders ?? [])].sort());

    const [first] = pump?.workOrders ?? [];
    const [held] = await sql<{ status: string }[]>`select status from work_orders where number = ${first ?? ""}`;
    await sql`update work_orders set status = 'on_hold' where number = ${first ?? ""}`;
    try {
      await refreshWorkOrders(sql, model.products);
      expect(pump?.workOrders).not.toContain(first);
    } finally {
      await sql`update work_orders set status = ${held?.status ?? "released"}::work_order_status where number = ${first ?? ""}`;
    }
  });

  it("drives the worker through the broker: JSON lines, Sparkplug for P2, no serial meeting the seed's", async () => {
    const broker = await startEmbeddedBroker(await freePort());
    const worker = await startTestWorker(t.url, broker.url);
    const running = await startSimulator(sql, broker.url, { telemetryRate: 60, timeScale: 60, hasCalendar: false, clientId: `test-simulator-${process.pid}` });
    try {
      const p2 = await sql<{ id: number }[]>`select id from stations where code like 'P2-%'`;
      const p2Ids = p2.map((s) => s.id);
      await waitFor("telemetry from Sparkplug P2 and JSON lines", async () => {
        const [r] = await sql<{ p2: number; other: number }[]>`
          select count(*) filter (where station_id = any(${sql.array(p2Ids)}::int[]))::int as p2,
                 count(*) filter (where station_id <> all(${sql.array(p2Ids)}::int[]))::int as other
          from telemetry_samples where ts > now() - interval '5 minutes'`;
        return r && r.p2 > 0 && r.other > 0;
      });
      await waitFor("simulated pumps with motors fitted", async () =>
        (await count(sql, `select count(*) as n from component_installs ci join units p on p.id = ci.parent_unit_id join units c on c.id = ci.child_unit_id where p.serial like 'CP%-S%' and c.serial like 'M075-%'`)) > 0,
      90_000);
      await waitFor("unit results from the Sparkplug line", async () =>
        (await count(sql, `select count(*) as n from process_steps ps join units u on u.id = ps.unit_id where u.serial like 'CP60-S%'`)) > 0,
      90_000);
      // The edge node's NDEATH is acked by the broker before the worker has stored it: wait for it before stopping the worker.
      await running.stop();
      await waitFor("the simulator's NDEATH", async () => (await count(sql, `select count(*) as n from signal_gaps`)) >= 4, 30_000).catch(() => undefined);
    } finally {
      await running.stop();
      await worker.stop();
      await broker.stop();
    }
    expect(await count(sql, `select count(*) as n from dead_letters`)).toBe(0);
    expect(await count(sql, `select count(*) as n from units where serial !~ '-S[0-9]{7}$'`)).toBe(seedUnits);
    // Every station reported a state, closing the interval the seed left open.
    expect(await count(sql, `select count(*) as n from station_state_intervals where ended_at is null`)).toBe(15);
    // The simulator's edge node says goodbye with an NDEATH: its four stations, and nothing else, went silent.
    const gaps = await sql<{ kind: string; detail: string }[]>`select kind, detail from signal_gaps`;
    expect(gaps.map((g) => g.kind)).toEqual(["node_death", "node_death", "node_death", "node_death"]);
  }, 120_000);

  it("keeps completing units at the lines' pace, and carries on the units an earlier run left in progress", async () => {
    const scale = 120;
    const broker = await startEmbeddedBroker(await freePort());
    const worker = await startTestWorker(t.url, broker.url);
    const options = { telemetryRate: 5, timeScale: scale, hasCalendar: false, clientId: `test-simulator-pace-${process.pid}` };
    const simulatedSteps = () => count(sql, `select count(*) as n from process_steps where message_id like 'sim:%'`);
    const stopAndDrain = async (running: Awaited<ReturnType<typeof startSimulator>>) => {
      await running.stop();
      const { passed, failed, scrapped } = running.simulator.stats.units;
      await waitFor("the worker to store every step sent", async () => (await simulatedSteps()) >= passed + failed + scrapped);
    };
    try {
      const earlier = await startSimulator(sql, broker.url, { ...options, random: createRandom(3).next });
      await waitFor("an earlier run with units on its lines", async () => (await count(sql, `select count(*) as n from units where status = 'in_progress' and serial like '%-S%'`)) >= 5);
      await stopAndDrain(earlier);
      // Units of parts the simulator builds; a seeded unit of a part without an open work order is not its to carry on.
      const simulatedParts = (await loadFactoryModel(sql)).products.map((p) => p.partNumber);
      const left = (await sql<{ serial: string }[]>`
        select u.serial from units u join part_revisions pr on pr.id = u.part_revision_id join parts p on p.id = pr.part_id
        where u.status = 'in_progress' and p.part_number = any(${sql.array(simulatedParts)}::text[])`).map((u) => u.serial);

      const from = Date.now();
      const later = await startSimulator(sql, broker.url, { ...options, random: createRandom(4).next });
      expect(later.simulator.resumable).toBe(left.length);
      // A bounded run: two hours of plant time.
      await new Promise((resolve) => setTimeout(resolve, (2 * 3600_000) / scale));
      await stopAndDrain(later);
      const plantMs = (Date.now() - from) * scale;

      expect(await count(sql, `select count(*) as n from units where status = 'in_progress' and serial = any('{${left.join(",")}}'::text[])`)).toBe(0);
      const made = await sql<{ line: string; n: number }[]>`
        select l.code as line, count(*)::int as n from units u join part_revisions pr on pr.id = u.part_revision_id
        join routing_operations ro on ro.part_revision_id = pr.id and ro.sequence = 10 join lines l on l.id = ro.line_id
        where u.completed_at >= ${new Date(from).toISOString()}::timestamptz and u.serial like '%-S%' and u.status <> 'in_progress'
        group by l.code`;
      const model = await loadFactoryModel(sql);
      for (const line of ["M1", "P1", "P2"]) {
        const stations = model.stations.filter((s) => s.lineCode === line);
        const atPace = plantMs / (linePaceSeconds(stations) * 1000);
        const n = made.find((m) => m.line === line)?.n ?? 0;
        // Never faster than the line's pace; stops and rework cost some of it, never most of it.
        expect(n, line).toBeLessThanOrEqual(atPace + stations.length);
        expect(n, line).toBeGreaterThan(atPace * 0.3);
      }
    } finally {
      await worker.stop();
      await broker.stop();
    }
  }, 180_000);
});
