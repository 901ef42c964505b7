import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient, type SqlClient } from "@/db";
import { users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { getLineDetail, getStationDetail } from "@/server/lines/line-detail";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { openTestDb } from "@/server/testing/database";
import { count, freePort, waitFor } from "@/server/testing/support";
import { getAsBuiltRecord } from "@/server/traceability/as-built-record";
import { setUnitHold } from "@/server/traceability/holds";

import { connectPublisher, startTestWorker } from "./test-support";
import type { IngestWorker } from "./worker";

const base = "acme/hamburg/pumps/P1";
const iso = (ms: number) => new Date(ms).toISOString();

// docs/holds.md: work on held material is stored as reported, flagged, and alarmed at the station.
describe("holds at the ingestion worker", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let broker: Awaited<ReturnType<typeof startEmbeddedBroker>>;
  let worker: IngestWorker;
  let publisher: MqttClient;
  let sql: SqlClient;
  let quality: { id: number; name: string; email: string; role: "quality" };
  const t0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 86_400_000;
  const unit = (stationCode: string, minute: number, payload: object) =>
    publisher.publishAsync(`${base}/${stationCode}/unit`, JSON.stringify({ ts: iso(t0 + minute * 60_000), result: "PASS", ...payload }), { qos: 1 });
  const stepsOf = (serial: string) => count(sql, `select count(*) as n from process_steps ps join units u on u.id = ps.unit_id where u.serial = '${serial}'`);
  const openHoldAlarms = (ref: string) =>
    sql<{ station: string; severity: string; message: string }[]>`
      select s.code as station, a.severity, a.message from alarms a join stations s on s.id = a.station_id
      where a.code = ${`HOLD ${ref}`} and a.cleared_at is null`;

  beforeAll(async () => {
    t = await openTestDb("ingest_holds");
    await seedMasterData(t.db, new Date(t0 - 86_400_000));
    const [q] = await t.db.select().from(users);
    quality = { id: q!.id, name: q!.name, email: q!.email, role: "quality" };
    sql = createSqlClient(t.url, { max: 2 });
    broker = await startEmbeddedBroker(await freePort());
    worker = await startTestWorker(t.url, broker.url);
    publisher = await connectPublisher(broker.url);
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await worker?.stop();
    await broker?.stop();
    await sql?.end();
    await t?.close();
  });

  it("stores a held unit's next step, flags it, raises a critical alarm once, and clears it when quality releases the unit", async () => {
    const serial = "CP40-H-0000001";
    await unit("P1-010", 1, { serial, operation: "OP10", partNumber: "CP40-ASM" });
    await waitFor("the unit's first step", async () => (await stepsOf(serial)) === 1);
    await setUnitHold(t.db, quality, { serial, action: "hold", reason: "Leak suspected" });

    await unit("P1-020", 2, { serial, operation: "OP20", messageId: "held-op20" });
    await unit("P1-020", 2, { serial, operation: "OP20", messageId: "held-op20" }); // redelivered: one step, one flag
    await unit("P1-030", 3, { serial, operation: "OP30" });
    await waitFor("the held unit's steps, stored as reported", async () => (await stepsOf(serial)) === 3);

    const breaches = await sql<{ kind: string; ref: string; station: string; operation: string }[]>`
      select b.held_kind as kind, b.held_ref as ref, s.code as station, ps.operation_code as operation
      from hold_breaches b join stations s on s.id = b.station_id join process_steps ps on ps.id = b.step_id order by b.id`;
    expect(breaches).toEqual([
      { kind: "unit", ref: serial, station: "P1-020", operation: "OP20" },
      { kind: "unit", ref: serial, station: "P1-030", operation: "OP30" },
    ]);
    expect(await openHoldAlarms(serial)).toEqual([
      { station: "P1-020", severity: "critical", message: `Unit ${serial} is on hold but was processed at OP20: quality must disposition it` },
      { station: "P1-030", severity: "critical", message: `Unit ${serial} is on hold but was processed at OP30: quality must disposition it` },
    ]);
    // Webhooks and people hear of them like any station alarm (docs/webhooks.md).
    expect(await count(sql, `select count(*) as n from events where type = 'alarm.raised' and data->>'code' = 'HOLD ${serial}' and data->>'severity' = 'critical'`)).toBe(2);
    // The as-built record marks the steps done while held.
    const record = await getAsBuiltRecord(t.db, serial);
    expect(record.steps.map((s) => [s.operationCode, s.holdBreaches])).toEqual([
      ["OP10", []],
      ["OP20", [{ kind: "unit", ref: serial }]],
      ["OP30", [{ kind: "unit", ref: serial }]],
    ]);
    // The line and station pages show them as a banner, with what was held.
    const line = await getLineDetail(t.db, { lineCode: "P1" });
    expect(line.holds.map((h) => [h.stationCode, h.heldKind, h.heldRef])).toEqual([
      ["P1-030", "unit", serial],
      ["P1-020", "unit", serial],
    ]);
    expect((await getStationDetail(t.db, { lineCode: "P1", stationCode: "P1-020", maxPoints: 10 })).holds).toHaveLength(1);
    // Still on hold: the worker never releases what quality holds.
    const [row] = await sql<{ status: string }[]>`select status from units where serial = ${serial}`;
    expect(row?.status).toBe("on_hold");

    await setUnitHold(t.db, quality, { serial, action: "release", reason: "Leak test repeated: passed" });
    expect(await openHoldAlarms(serial)).toEqual([]);
    expect((await getLineDetail(t.db, { lineCode: "P1" })).holds).toEqual([]);
    const [audit] = await sql<{ data: { clearedAlarms?: number } }[]>`select data from audit_log where action = 'unit.release' and entity_id = ${serial}`;
    expect(audit?.data.clearedAlarms).toBe(2);
  });

  it("flags a unit that consumes a held lot or installs a held component", async () => {
    await unit("P1-010", 10, { serial: "CP40-H-0000002", operation: "OP10", partNumber: "CP40-ASM", components: [{ partNumber: "HSG-40", lot: "HSG-40-LHOLD" }] });
    await waitFor("the lot's first use", async () => (await stepsOf("CP40-H-0000002")) === 1);
    await sql`update material_lots set status = 'on_hold' where lot_number = 'HSG-40-LHOLD'`;
    await unit("P1-010", 11, { serial: "CP40-H-0000003", operation: "OP10", partNumber: "CP40-ASM", components: [{ partNumber: "HSG-40", lot: "HSG-40-LHOLD" }] });
    await sql`insert into units (serial, part_revision_id, status, started_at, completed_at)
      select 'M075-H-0000001', pr.id, 'on_hold', now(), now() from part_revisions pr join parts p on p.id = pr.part_id where p.part_number = 'MTR-075' and pr.status = 'released' limit 1`;
    await unit("P1-020", 12, { serial: "CP40-H-0000003", operation: "OP20", components: [{ partNumber: "MTR-075", serial: "M075-H-0000001" }] });
    await waitFor("both steps", async () => (await stepsOf("CP40-H-0000003")) === 2);

    const breaches = await sql<{ kind: string; ref: string; serial: string }[]>`
      select b.held_kind as kind, b.held_ref as ref, u.serial from hold_breaches b join units u on u.id = b.unit_id where u.serial = 'CP40-H-0000003' order by b.id`;
    expect(breaches).toEqual([
      { kind: "lot", ref: "HSG-40-LHOLD", serial: "CP40-H-0000003" },
      { kind: "component", ref: "M075-H-0000001", serial: "CP40-H-0000003" },
    ]);
    expect((await openHoldAlarms("HSG-40-LHOLD")).map((a) => a.message)).toEqual(["Lot HSG-40-LHOLD is on hold but was consumed by CP40-H-0000003 at OP10: quality must disposition it"]);
    expect((await openHoldAlarms("M075-H-0000001")).map((a) => a.message)).toEqual(["Component M075-H-0000001 is on hold but was installed in CP40-H-0000003 at OP20: quality must disposition it"]);
    // The unit that used the lot before its hold is not flagged.
    expect(await count(sql, `select count(*) as n from hold_breaches b join units u on u.id = b.unit_id where u.serial = 'CP40-H-0000002'`)).toBe(0);
    expect(await count(sql, `select count(*) as n from dead_letters`)).toBe(0);
  });
});
