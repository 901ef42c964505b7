import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, createSqlClient, type Db, type SqlClient } from "@/db";
import type { WorkOrderStatus } from "@/db/schema";
import { transitionWorkOrder } from "@/server/work-orders/work-orders";
import { waitFor } from "@/server/testing/support";

import { startIngestRig } from "./test-support";

const topic = "acme/hamburg/pumps/P1/P1-010/unit";
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Units reported against work orders (issue 14, item 5), through a real
 * Mosquitto and worker: only released and in-progress orders take new units;
 * every refusal is a dead letter that keeps the message for replay.
 */
describe("ingestion of units against work orders", () => {
  let rig: Awaited<ReturnType<typeof startIngestRig>>;
  let client: SqlClient;
  let db: Db;
  const now = Date.now();
  const planner = { id: 0, name: "Paula Planner", email: "planner@threadline.demo", role: "planner" as const };

  const publish = (payload: object | Buffer, to = topic) => rig.publisher.publishAsync(to, Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), { qos: 1 });
  const unitMessage = (serial: string, workOrder: string, operation = "OP10") => ({ ts: iso(now), serial, workOrder, operation, result: "PASS" });
  const createOrder = async (number: string, status: WorkOrderStatus, serialPrefix: string | null = null) => {
    await rig.sql`
      insert into work_orders (number, part_revision_id, line_id, qty, status, serial_prefix)
      select ${number}, pr.id, l.id, 10, ${status}, ${serialPrefix}
      from part_revisions pr join parts p on p.id = pr.part_id, lines l
      where p.part_number = 'CP40-ASM' and pr.status = 'released' and l.code = 'P1'`;
  };
  const orderStatus = async (number: string) => (await rig.sql<{ status: string }[]>`select status from work_orders where number = ${number}`)[0]?.status;
  const lettersFor = (serial: string) => rig.sql<{ topic: string; payload: Buffer; error: string }[]>`select topic, payload, error from dead_letters where error like ${`unit ${serial}:%`} order by id`;
  const waitForLetter = async (serial: string) => (await waitFor(`the dead letter of ${serial}`, async () => (await lettersFor(serial))[0], 30_000));
  const unitOf = async (serial: string) =>
    (await rig.sql<{ workOrder: string | null; steps: number }[]>`
      select wo.number as "workOrder", (select count(*)::int from process_steps s where s.unit_id = u.id) as steps
      from units u left join work_orders wo on wo.id = u.work_order_id where u.serial = ${serial}`)[0];
  const waitForUnit = (serial: string, steps = 1) => waitFor(`unit ${serial} with ${steps} step(s)`, async () => {
    const unit = await unitOf(serial);
    return unit && unit.steps === steps && unit;
  }, 30_000);
  const startedEntries = (number: string) =>
    rig.sql<{ actor: string; actorId: number | null; data: Record<string, unknown> }[]>`
      select actor, actor_id as "actorId", data from audit_log where entity_type = 'work_order' and entity_id = ${number} and action = 'work_order.started' order by seq`;

  beforeAll(async () => {
    rig = await startIngestRig("ingest_work_orders_wo");
    client = createSqlClient(rig.url, { max: 2 });
    db = createDb(client);
    const [user] = await rig.sql<{ id: number; name: string; email: string }[]>`select id, name, email from users where role = 'planner' limit 1`;
    Object.assign(planner, user);
  });
  afterAll(async () => {
    await client?.end();
    await rig?.stop();
  });

  it.each([
    ["planned", "WO-T-PLANNED", "work order WO-T-PLANNED is planned, not released: new units are taken once a planner releases it"],
    ["on_hold", "WO-T-HELD", "work order WO-T-HELD is on hold: new units are taken once it is resumed"],
    ["completed", "WO-T-DONE", "work order WO-T-DONE is completed: units can no longer be reported against it"],
    ["closed", "WO-T-CLOSED", "work order WO-T-CLOSED is closed: units can no longer be reported against it"],
    ["cancelled", "WO-T-CANCELLED", "work order WO-T-CANCELLED is cancelled: units can no longer be reported against it"],
  ] as const)("refuses a new unit for a %s work order with a dead letter that keeps the message", async (status, number, reason) => {
    await createOrder(number, status);
    const serial = `CP40-${status.toUpperCase()}-1`;
    const message = unitMessage(serial, number);
    await publish(message);
    const letter = await waitForLetter(serial);
    expect(letter).toEqual({ topic, payload: Buffer.from(JSON.stringify(message)), error: `unit ${serial}: ${reason}` });
    expect(await unitOf(serial)).toBeUndefined();
    expect(await orderStatus(number)).toBe(status);
  });

  it("still refuses a unit naming an unknown work order", async () => {
    await publish(unitMessage("CP40-UNKNOWN-1", "WO-T-NOWHERE"));
    expect((await waitForLetter("CP40-UNKNOWN-1")).error).toBe("unit CP40-UNKNOWN-1: work order WO-T-NOWHERE is unknown");
  });

  it("takes the replayed message once the planner has released the order, which the first unit puts in progress, audited as the worker", async () => {
    await createOrder("WO-T-LATER", "planned");
    await publish(unitMessage("CP40-LATER-1", "WO-T-LATER"));
    const letter = await waitForLetter("CP40-LATER-1");

    await transitionWorkOrder(db, planner, { number: "WO-T-LATER", action: "release" });
    await publish(letter.payload, letter.topic);
    expect(await waitForUnit("CP40-LATER-1")).toEqual({ workOrder: "WO-T-LATER", steps: 1 });
    expect(await orderStatus("WO-T-LATER")).toBe("in_progress");
    expect(await startedEntries("WO-T-LATER")).toEqual([
      { actor: "worker", actorId: null, data: { from: "released", to: "in_progress", serial: "CP40-LATER-1", station: topic.replace(/\/unit$/, "") } },
    ]);

    await publish(unitMessage("CP40-LATER-2", "WO-T-LATER"));
    expect(await waitForUnit("CP40-LATER-2")).toEqual({ workOrder: "WO-T-LATER", steps: 1 });
    expect(await startedEntries("WO-T-LATER")).toHaveLength(1);

    // Auditing the start must leave the worker's own connection as it was: a state (written with a Date parameter) still lands.
    const stateAt = iso(now - 1_234);
    await publish({ ts: stateAt, state: "SETUP" }, topic.replace(/unit$/, "state"));
    await waitFor("the state after the order started", async () => {
      const [row] = await rig.sql`select 1 from station_state_intervals i join stations s on s.id = i.station_id where s.code = 'P1-010' and i.started_at = ${stateAt}`;
      return row;
    }, 30_000);
  });

  it("refuses a serial without the order's serial prefix, and takes one with it", async () => {
    await createOrder("WO-T-PREFIX", "released", "CP40-W7-");
    await publish(unitMessage("CP40-W8-0001", "WO-T-PREFIX"));
    expect((await waitForLetter("CP40-W8-0001")).error).toBe("unit CP40-W8-0001: serial CP40-W8-0001 does not start with CP40-W7-, the serial prefix of work order WO-T-PREFIX");
    expect(await unitOf("CP40-W8-0001")).toBeUndefined();

    await publish(unitMessage("CP40-W7-0001", "WO-T-PREFIX"));
    expect(await waitForUnit("CP40-W7-0001")).toEqual({ workOrder: "WO-T-PREFIX", steps: 1 });
    expect(await orderStatus("WO-T-PREFIX")).toBe("in_progress");
  });

  it("stores further steps of units already started when their order is put on hold, and refuses new units", async () => {
    await createOrder("WO-T-PAUSE", "released");
    await publish(unitMessage("CP40-PAUSE-1", "WO-T-PAUSE"));
    await waitForUnit("CP40-PAUSE-1");
    await transitionWorkOrder(db, planner, { number: "WO-T-PAUSE", action: "hold", reason: "Housing supplier recall" });

    await publish({ ts: iso(now + 1000), serial: "CP40-PAUSE-1", operation: "OP20", result: "PASS" }, "acme/hamburg/pumps/P1/P1-020/unit");
    await publish(unitMessage("CP40-PAUSE-2", "WO-T-PAUSE"));
    expect(await waitForUnit("CP40-PAUSE-1", 2)).toEqual({ workOrder: "WO-T-PAUSE", steps: 2 });
    expect((await waitForLetter("CP40-PAUSE-2")).error).toBe("unit CP40-PAUSE-2: work order WO-T-PAUSE is on hold: new units are taken once it is resumed");
    expect(await orderStatus("WO-T-PAUSE")).toBe("on_hold");
  });
});
