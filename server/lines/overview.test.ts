import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { one } from "@/db";
import { areas, lines, partRevisions, processSteps, stations, stationStateIntervals, units, workOrders } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { openTestDb } from "@/server/testing/database";

import { getLinesOverview } from "./overview";
import { currentShift } from "./shift";

describe("lines overview", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const now = new Date();
  let stationId: number;
  const shiftNow = () => {
    const shift = currentShift(now, "Europe/Berlin");
    if (!shift) throw new Error("the default pattern always has a shift");
    return shift;
  };

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 200 });
    // A line of our own, T1, with one station and hand-built units finished in the current shift.
    const [area] = await t.db.select().from(areas).limit(1);
    const line = one(await t.db.insert(lines).values({ areaId: area!.id, code: "T1", name: "Test line", targetPerHour: 10 }).returning());
    const station = one(await t.db.insert(stations).values({ lineId: line.id, code: "T1-010", name: "Test station", position: 1, idealCycleSeconds: 30, expectedIntervalSeconds: 60 }).returning());
    stationId = station.id;
    await t.db.insert(stationStateIntervals).values({ stationId, state: "DOWN", startedAt: new Date(now.getTime() - 10 * 60_000), reportedReason: "E-STOP" });
    const [revision] = await t.db.select().from(partRevisions).limit(1);
    const wo = one(await t.db.insert(workOrders).values({ number: "WO-T1", partRevisionId: revision!.id, lineId: line.id, qty: 10, status: "in_progress" }).returning());

    const shiftStart = shiftNow().start;
    const inShift = new Date(Math.max(shiftStart.getTime() + 60_000, now.getTime() - 60_000));
    const beforeShift = new Date(shiftStart.getTime() - 60_000);
    // A: first pass. B: failed once, reworked. C: scrapped. D: first pass. E: finished before the shift (not counted).
    const plan = [
      { serial: "T-A", status: "complete", completedAt: inShift, steps: [["OP10", "PASS", 1], ["OP20", "PASS", 1]] },
      { serial: "T-B", status: "complete", completedAt: inShift, steps: [["OP10", "FAIL", 1], ["OP10", "PASS", 2], ["OP20", "PASS", 1]] },
      { serial: "T-C", status: "scrapped", completedAt: inShift, steps: [["OP10", "FAIL", 1], ["OP10", "SCRAP", 2]] },
      { serial: "T-D", status: "on_hold", completedAt: inShift, steps: [["OP10", "PASS", 1], ["OP20", "PASS", 1]] },
      { serial: "T-E", status: "complete", completedAt: beforeShift, steps: [["OP10", "PASS", 1]] },
    ] as const;
    for (const u of plan) {
      const unit = one(await t.db.insert(units).values({ serial: u.serial, partRevisionId: revision!.id, workOrderId: wo.id, status: u.status, startedAt: new Date(u.completedAt.getTime() - 3600_000), completedAt: u.completedAt }).returning());
      await t.db.insert(processSteps).values(u.steps.map(([op, result, attempt]) => ({ unitId: unit.id, operationCode: op, stationId, startedAt: u.completedAt, endedAt: u.completedAt, result, attempt })));
    }
  });
  afterAll(async () => t.close());

  async function testLine() {
    const overview = await getLinesOverview(t.db, {}, now);
    const line = overview.lines.find((l) => l.code === "T1");
    if (!line) throw new Error("T1 missing from the overview");
    return line;
  }

  it("counts the shift's output and first-pass yield from the units finished in it", async () => {
    const line = await testLine();
    // Finished in the shift: A, B, C, D. Output excludes the scrapped C: 3. First pass: A and D of 4 = 0.5.
    expect(line.output).toBe(3);
    expect(line.firstPassYield).toBe(0.5);
    const elapsedHours = (now.getTime() - shiftNow().start.getTime()) / 3600_000;
    expect(line.target).toBe(Math.round(10 * elapsedHours));
  });

  it("shows a station nobody has heard from as no signal, with its last reported state", async () => {
    await t.sql`update station_state_intervals set started_at = now() - interval '10 minutes' where station_id = ${stationId}`;
    const [station] = (await testLine()).stations;
    expect(station).toMatchObject({ state: "NO_SIGNAL", reportedState: "DOWN" });
  });

  it("shows the reported state while a worker hears from the station", async () => {
    const stats = { lastMessageAt: { [String(stationId)]: new Date().toISOString() } };
    await t.sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats) values ('test-worker', 'test', 1, now(), now(), ${JSON.stringify(stats)}::jsonb)`;
    const [station] = (await testLine()).stations;
    expect(station).toMatchObject({ state: "DOWN", reason: "E-STOP" });
  });

  it("shows no signal during an open signal gap, such as a Sparkplug node death", async () => {
    await t.sql`insert into signal_gaps (station_id, kind, started_at) values (${stationId}, 'node_death', now())`;
    const [station] = (await testLine()).stations;
    expect(station?.state).toBe("NO_SIGNAL");
    await t.sql`update signal_gaps set ended_at = now() where station_id = ${stationId}`;
    expect((await testLine()).stations[0]?.state).toBe("DOWN");
  });

  it("filters by area", async () => {
    const pumps = await getLinesOverview(t.db, { areaCode: "pumps" }, now);
    expect(pumps.lines.map((l) => l.code)).toEqual(["P1", "P2"]);
    const [motors] = await t.db.select().from(areas).where(eq(areas.code, "motors"));
    expect(motors).toBeDefined();
  });
});
