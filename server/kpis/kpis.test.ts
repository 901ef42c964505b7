import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { areas, ecoEcrs, ecos, ecrAffectedParts, ecrs, lines, partRevisions, parts, processSteps, sites, stations, stationStateIntervals, units, users, workOrders } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import { refreshKpiRollups } from "./rollups";

/*
 * A hand-built hour of production on one line, two stations (S1 ideal 60 s, S2 ideal 120 s),
 * window 08:00-10:00 UTC on 2 March 2026:
 *   U1: S1 PASS, S2 PASS                      → complete, first pass
 *   U2: S1 PASS, S2 FAIL then PASS            → complete, reworked
 *   U3: S1 FAIL then SCRAP                    → scrapped, reworked
 *   U4: S1 PASS, S2 PASS                      → complete, first pass
 *   U5: S1 PASS                               → still in progress (not counted at line level)
 * States: S1 RUNNING 08:00-09:00, DOWN 09:00-09:10, RUNNING 09:10-09:50, PLANNED_STOP 09:50-10:00;
 *         S2 RUNNING 08:00-08:30, DOWN 08:30-08:45, IDLE 08:45-09:00, RUNNING 09:00-10:00.
 */
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
const window = { window: "custom" as const, from: "2026-03-02T08:00:00Z", to: "2026-03-02T10:00:00Z" };
const now = new Date("2026-03-02T12:00:00Z");

describe("KPIs on a hand-computed fixture", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let viewer: SessionUser;
  let quality: SessionUser;

  beforeAll(async () => {
    t = await openTestDb("kpi_fixture");
    const db = t.db;
    const [site] = await db.insert(sites).values({ enterprise: "acme", code: "fx", name: "Fixture plant", timeZone: "UTC" }).returning();
    const [area] = await db.insert(areas).values({ siteId: site!.id, code: "a", name: "Area" }).returning();
    const [line] = await db.insert(lines).values({ areaId: area!.id, code: "L1", name: "Line 1" }).returning();
    const [s1, s2] = await db
      .insert(stations)
      .values([
        { lineId: line!.id, code: "S1", name: "Station 1", position: 1, idealCycleSeconds: 60 },
        { lineId: line!.id, code: "S2", name: "Station 2", position: 2, idealCycleSeconds: 120 },
      ])
      .returning();
    const [part] = await db.insert(parts).values({ partNumber: "P-1", name: "Part one", makeBuy: "make", isSerialized: true }).returning();
    const [rev] = await db.insert(partRevisions).values({ partId: part!.id, revision: "A", status: "released" }).returning();
    const [wo] = await db.insert(workOrders).values({ number: "WO-1", partRevisionId: rev!.id, lineId: line!.id, qty: 5 }).returning();
    const [v, q] = await db
      .insert(users)
      .values([
        { email: "v@fx", name: "Viewer", role: "viewer" },
        { email: "q@fx", name: "Quality", role: "quality" },
      ])
      .returning();
    viewer = { id: v!.id, name: v!.name, email: v!.email, role: "viewer" };
    quality = { id: q!.id, name: q!.name, email: q!.email, role: "quality" };

    const unit = async (serial: string, status: "complete" | "scrapped" | "in_progress", completedAt: string | null, steps: [station: number, op: string, result: "PASS" | "FAIL" | "SCRAP", attempt: number, end: string][]) => {
      const [u] = await db.insert(units).values({ serial, partRevisionId: rev!.id, workOrderId: wo!.id, status, startedAt: at("08:00"), completedAt: completedAt ? at(completedAt) : null }).returning();
      await db.insert(processSteps).values(steps.map(([stationId, operationCode, result, attempt, end]) => ({ unitId: u!.id, operationCode, stationId, result, attempt, startedAt: new Date(at(end).getTime() - 60_000), endedAt: at(end) })));
    };
    await unit("U1", "complete", "08:20", [[s1!.id, "OP10", "PASS", 1, "08:05"], [s2!.id, "OP20", "PASS", 1, "08:20"]]);
    await unit("U2", "complete", "09:15", [[s1!.id, "OP10", "PASS", 1, "08:15"], [s2!.id, "OP20", "FAIL", 1, "08:50"], [s2!.id, "OP20", "PASS", 2, "09:15"]]);
    await unit("U3", "scrapped", "09:30", [[s1!.id, "OP10", "FAIL", 1, "08:25"], [s1!.id, "OP10", "SCRAP", 2, "09:30"]]);
    await unit("U4", "complete", "09:40", [[s1!.id, "OP10", "PASS", 1, "09:20"], [s2!.id, "OP20", "PASS", 1, "09:40"]]);
    await unit("U5", "in_progress", null, [[s1!.id, "OP10", "PASS", 1, "09:45"]]);

    const state = (stationId: number, s: "RUNNING" | "DOWN" | "IDLE" | "PLANNED_STOP", from: string, to: string) => ({ stationId, state: s, startedAt: at(from), endedAt: at(to) });
    await db.insert(stationStateIntervals).values([
      state(s1!.id, "RUNNING", "08:00", "09:00"),
      state(s1!.id, "DOWN", "09:00", "09:10"),
      state(s1!.id, "RUNNING", "09:10", "09:50"),
      state(s1!.id, "PLANNED_STOP", "09:50", "10:00"),
      state(s2!.id, "RUNNING", "08:00", "08:30"),
      state(s2!.id, "DOWN", "08:30", "08:45"),
      state(s2!.id, "IDLE", "08:45", "09:00"),
      state(s2!.id, "RUNNING", "09:00", "10:00"),
    ]);

    // ECR cycle time: ECR-1 submitted 1 March 08:00, ECR-2 27 Feb 09:00, both implemented by ECO-1 released 2 March 09:00;
    // ECR-3's ECO is released after the window and does not count.
    const ecr = (number: string, submitted: string) => ({ number, title: number, problem: "p", reason: "defect" as const, priority: "low" as const, status: "approved" as const, requesterId: q!.id, submittedAt: new Date(submitted) });
    const [e1, e2, e3] = await db.insert(ecrs).values([ecr("ECR-1", "2026-03-01T08:00:00Z"), ecr("ECR-2", "2026-02-27T09:00:00Z"), ecr("ECR-3", "2026-03-01T08:00:00Z")]).returning();
    const eco = (number: string, released: string) => ({ number, title: number, description: "d", status: "released" as const, authorId: q!.id, effectivity: "date" as const, effectivityValue: "2026-03-02", requiredRoles: ["quality" as const], releasedAt: new Date(released) });
    const [o1, o2] = await db.insert(ecos).values([eco("ECO-1", "2026-03-02T09:00:00Z"), eco("ECO-2", "2026-03-02T11:00:00Z")]).returning();
    await db.insert(ecoEcrs).values([{ ecoId: o1!.id, ecrId: e1!.id }, { ecoId: o1!.id, ecrId: e2!.id }, { ecoId: o2!.id, ecrId: e3!.id }]);
    await db.insert(ecrAffectedParts).values([{ ecrId: e1!.id, partId: part!.id }]);

    await refreshKpiRollups(db, { now });
  });
  afterAll(async () => t.close());

  it("computes every line figure as by hand", async () => {
    const { figures, ecrCycleTime } = await createCaller({ db: t.db, user: viewer }).kpis.summary({ ...window, line: "L1" });
    // FPY: U1, U4 passed everything first time, of the 4 finished units U1-U4.
    expect(figures.firstPassYield).toBeCloseTo(2 / 4, 10);
    // RTY: S1 4 of 5 first attempts pass (U3 fails), S2 2 of 3 (U2 fails): 4/5 × 2/3.
    expect(figures.rolledThroughputYield).toBeCloseTo((4 / 5) * (2 / 3), 10);
    // Availability: RUNNING 3600 + 2400 + 1800 + 3600 = 11400 s of planned busy 14400 − 600 (planned stop) = 13800 s.
    expect(figures.availability).toBeCloseTo(11400 / 13800, 10);
    // Performance: ideal 6 steps × 60 s at S1 + 4 steps × 120 s at S2 = 840 s over 11400 s running.
    expect(figures.performance).toBeCloseTo(840 / 11400, 10);
    // Quality: 3 good (U1, U2, U4) of 4 produced.
    expect(figures.quality).toBeCloseTo(3 / 4, 10);
    expect(figures.oee).toBeCloseTo((11400 / 13800) * (840 / 11400) * (3 / 4), 10);
    // Scrap 1 (U3) and rework 2 (U2, U3) of 4 produced.
    expect(figures.scrapRatio).toBeCloseTo(1 / 4, 10);
    expect(figures.reworkRatio).toBeCloseTo(2 / 4, 10);
    // Two DOWN events: MTBF = 11400 s running / 2, MTTR = (600 + 900) s down / 2.
    expect(figures.mtbf).toBeCloseTo(5700, 6);
    expect(figures.mttr).toBeCloseTo(750, 6);
    // Throughput: 3 good units over the 2-hour window.
    expect(figures.throughput).toBeCloseTo(1.5, 10);
    // ECR-1: 1 day 1 hour; ECR-2: 3 days; mean = median = (25/24 + 3) / 2 days.
    expect(ecrCycleTime.count).toBe(2);
    expect(ecrCycleTime.meanDays).toBeCloseTo((25 / 24 + 3) / 2, 10);
    expect(ecrCycleTime.medianDays).toBeCloseTo((25 / 24 + 3) / 2, 10);
  });

  it("computes a station's figures from its own steps and states", async () => {
    const { figures } = await createCaller({ db: t.db, user: viewer }).kpis.summary({ ...window, station: "S2" });
    // S2 first attempts: U1 PASS, U2 FAIL, U4 PASS → 2/3; produced 4 steps, good 3, rework 1 (the FAIL), scrap 0.
    expect(figures.firstPassYield).toBeCloseTo(2 / 3, 10);
    expect(figures.quality).toBeCloseTo(3 / 4, 10);
    expect(figures.reworkRatio).toBeCloseTo(1 / 4, 10);
    expect(figures.scrapRatio).toBe(0);
    // S2 RUNNING 1800 + 3600 = 5400 s of 7200 s (no planned stop); performance 4 × 120 s / 5400 s.
    expect(figures.availability).toBeCloseTo(5400 / 7200, 10);
    expect(figures.performance).toBeCloseTo(480 / 5400, 10);
    expect(figures.mttr).toBeCloseTo(900, 6);
  });

  it("filters the ECR cycle time by part and compares lines", async () => {
    const caller = createCaller({ db: t.db, user: viewer });
    // Only ECR-1 names P-1: 25 hours.
    expect((await caller.kpis.summary({ ...window, part: "P-1" })).ecrCycleTime.meanDays).toBeCloseTo(25 / 24, 10);
    const [l1] = await caller.kpis.lines(window);
    expect(l1?.code).toBe("L1");
    expect(l1?.firstPassYield).toBeCloseTo(0.5, 10);
  });

  it("lists exactly the records behind each figure", async () => {
    const caller = createCaller({ db: t.db, user: viewer });
    const failures = await caller.kpis.units({ ...window, line: "L1", kind: "first-pass-failures" });
    expect(failures.rows.map((r) => r.serial).sort()).toEqual(["U2", "U3"]);
    expect((await caller.kpis.units({ ...window, line: "L1", kind: "scrap" })).rows.map((r) => r.serial)).toEqual(["U3"]);
    expect((await caller.kpis.units({ ...window, station: "S2", kind: "rework" })).rows.map((r) => [r.serial, r.result])).toEqual([["U2", "FAIL"]]);
    const down = await caller.kpis.downtime({ ...window, line: "L1", states: ["DOWN"] });
    expect(down.rows.map((r) => [r.stationCode, r.seconds])).toEqual([["S1", 600], ["S2", 900]]);
    const losses = await caller.kpis.downtime({ ...window, line: "L1" });
    // Every state that costs availability: the two DOWN intervals and S2's IDLE.
    expect(losses.total).toBe(3);
  });

  it("ranks the Paretos", async () => {
    const paretos = await createCaller({ db: t.db, user: viewer }).kpis.paretos({ ...window, line: "L1" });
    expect(paretos.operations.map((o) => [o.label, o.value])).toEqual([["OP10 · S1", 1], ["OP20 · S2", 1]]);
    expect(paretos.downtime.map((d) => [d.label, d.value])).toEqual([["Unclassified", 1500]]);
  });

  it("refuses bad filters with a clear message", async () => {
    const caller = createCaller({ db: t.db, user: viewer });
    await expect(caller.kpis.summary({ line: "NOPE" })).rejects.toThrow('There is no line "NOPE".');
    await expect(caller.kpis.summary({ window: "custom", from: "2026-03-02" })).rejects.toThrow("A custom window needs both a from and a to date.");
    await expect(caller.kpis.summary({ window: "custom", from: "2026-03-03", to: "2026-03-01" })).rejects.toThrow("The window's end must come after its start.");
    await expect(caller.kpis.summary({ window: "custom", from: "yesterday", to: "2026-03-01" })).rejects.toThrow(/not a valid from date/);
  });

  it("opens SPC to everyone who reads KPIs, and nothing to someone not signed in", async () => {
    for (const user of [viewer, quality]) expect(await createCaller({ db: t.db, user }).kpis.spcCharacteristics({ part: "P-1" })).toEqual([]);
    await expect(createCaller({ db: t.db, user: null }).kpis.spcCharacteristics({ part: "P-1" })).rejects.toThrow("Sign in to continue.");
    await expect(createCaller({ db: t.db, user: null }).kpis.summary({})).rejects.toThrow("Sign in to continue.");
  });
});
