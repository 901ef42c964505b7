import { eq } from "drizzle-orm";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import { connectPublisher, startMosquitto, startTestWorker } from "@/server/ingest/test-support";
import type { IngestWorker } from "@/server/ingest/worker";
import { openTestDb } from "@/server/testing/database";
import { waitFor } from "@/server/testing/support";

const iso = (ms: number) => new Date(ms).toISOString();

/** End to end: station messages over real MQTT (Mosquitto) through the ingestion worker into an as-built record. */
describe("a unit built over MQTT", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let worker: IngestWorker;
  let publisher: MqttClient;
  // Yesterday on the hour: the worker dead-letters times far from its clock.
  const t0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 86_400_000;

  beforeAll(async () => {
    t = await openTestDb("trace_mqtt");
    await seedMasterData(t.db, new Date(t0 - 30 * 86_400_000));
    broker = await startMosquitto();
    worker = await startTestWorker(t.url, broker.url);
    publisher = await connectPublisher(broker.url);
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await worker?.stop();
    await broker?.stop();
    await t?.close();
  });

  it("appears with its route, measurements, rework and components, motor and lots included", async () => {
    const step = (path: string, serial: string, operation: string, minute: number, extra: object = {}) =>
      publisher.publishAsync(`acme/hamburg/${path}/unit`, JSON.stringify({ ts: iso(t0 + minute * 60_000), startedAt: iso(t0 + minute * 60_000 - 40_000), serial, operation, result: "PASS", operator: "j.schulz", ...extra }), { qos: 1 });

    const motor = "M075-MQTT-0001";
    await step("motors/M1/M1-010", motor, "OP10", 1, { partNumber: "MTR-075", measurements: [{ name: "press_force_kn", value: 10.1 }], components: [{ partNumber: "STA-075", lot: "STA-075-LMQTT" }] });
    await step("motors/M1/M1-020", motor, "OP20", 2, { measurements: [{ name: "air_gap_mm", value: 0.44 }], components: [{ partNumber: "ROT-075", lot: "ROT-075-LMQTT" }] });
    await step("motors/M1/M1-030", motor, "OP30", 3, { measurements: [{ name: "press_depth_mm", value: 12.5 }], components: [{ partNumber: "BRG-6201", lot: "BRG-6201-LMQTT", qty: 2 }] });
    await step("motors/M1/M1-040", motor, "OP40", 4, { measurements: [{ name: "leakage_current_ma", value: 1.7 }, { name: "insulation_mohm", value: 400 }] });
    await step("motors/M1/M1-050", motor, "OP50", 5, { measurements: [{ name: "no_load_current_a", value: 0.37 }, { name: "speed_rpm", value: 2840 }] });

    const pump = "CP40-MQTT-0001";
    await step("pumps/P1/P1-010", pump, "OP10", 10, { partNumber: "CP40-ASM", components: [{ partNumber: "HSG-40", lot: "HSG-40-LMQTT" }, { partNumber: "ORG-40", lot: "ORG-40-LMQTT" }] });
    await step("pumps/P1/P1-020", pump, "OP20", 11, { measurements: [{ name: "screw_torque_nm", value: 6.05 }], components: [{ partNumber: "MTR-075", serial: motor }, { partNumber: "SCR-M6", lot: "SCR-M6-LMQTT", qty: 4 }] });
    await step("pumps/P1/P1-030", pump, "OP30", 12, { measurements: [{ name: "impeller_runout_mm", value: 0.03 }], components: [{ partNumber: "IMP-40", lot: "IMP-40-LMQTT" }] });
    await step("pumps/P1/P1-040", pump, "OP40", 13, { measurements: [{ name: "ground_resistance_mohm", value: 40 }], components: [{ partNumber: "PCB-EC1", lot: "PCB-EC1-LMQTT" }] });
    await step("pumps/P1/P1-050", pump, "OP50", 14, { result: "FAIL", measurements: [{ name: "leak_rate_mbar_l_s", value: 0.08 }] });
    await step("pumps/P1/P1-050", pump, "OP50", 20, { measurements: [{ name: "leak_rate_mbar_l_s", value: 0.02 }] });
    await step("pumps/P1/P1-060", pump, "OP60", 22, { measurements: [{ name: "flow_m3_h", value: 4.1 }, { name: "head_m", value: 6 }, { name: "power_w", value: 66 }] });

    const [quality] = await t.db.select().from(users).where(eq(users.role, "quality"));
    const caller = createCaller({ db: t.db, user: { id: quality!.id, name: quality!.name, email: quality!.email, role: "quality" } });
    const record = await waitFor("the pump to be complete with all its steps", async () => {
      const r = await caller.traceability.record({ serial: pump }).catch(() => undefined);
      return r && r.unit.status === "complete" && r.steps.length === 7 ? r : undefined;
    });

    expect(record.unit).toMatchObject({ serial: pump, partNumber: "CP40-ASM", revision: "B", line: null });
    expect(record.steps.map((s) => `${s.operationCode}#${s.attempt}:${s.result}@${s.station}`)).toEqual([
      "OP10#1:PASS@P1-010",
      "OP20#1:PASS@P1-020",
      "OP30#1:PASS@P1-030",
      "OP40#1:PASS@P1-040",
      "OP50#1:FAIL@P1-050",
      "OP50#2:PASS@P1-050",
      "OP60#1:PASS@P1-060",
    ]);
    expect(record.steps.filter((s) => s.isRework).map((s) => s.operationCode)).toEqual(["OP50"]);
    const leak = record.steps.filter((s) => s.operationCode === "OP50").map((s) => s.measurements[0]);
    expect(leak).toEqual([expect.objectContaining({ value: 0.08, usl: 0.05, isPass: false }), expect.objectContaining({ value: 0.02, isPass: true })]);
    expect(record.steps.every((s) => s.operator === "j.schulz")).toBe(true);

    expect(record.genealogy.map((g) => [g.depth, g.partNumber, g.childSerial ?? g.lotNumber])).toEqual(
      expect.arrayContaining([
        [1, "HSG-40", "HSG-40-LMQTT"],
        [1, "MTR-075", motor],
        [2, "STA-075", "STA-075-LMQTT"],
        [2, "BRG-6201", "BRG-6201-LMQTT"],
        [1, "PCB-EC1", "PCB-EC1-LMQTT"],
      ]),
    );
    expect(record.bomComparison.filter((r) => r.flag !== "ok")).toEqual([]);

    const motorRecord = await caller.traceability.record({ serial: motor });
    expect(motorRecord.steps).toHaveLength(5);
    expect(motorRecord.containedIn).toEqual([expect.objectContaining({ serial: pump, level: 1, isRemoved: false })]);
    const whereUsed = await caller.traceability.whereUsed({ origin: { lotNumber: "BRG-6201-LMQTT" } });
    expect(whereUsed.rows.map((r) => [r.serial, r.level])).toEqual([
      [motor, 1],
      [pump, 2],
    ]);
  });
});
