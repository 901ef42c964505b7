import { TRPCError } from "@trpc/server";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alarms, auditLog, componentInstalls, events, materialLots, partRevisions, parts, processSteps, stations, telemetryMetrics, telemetrySamples, units, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { demoPassword } from "@/db/seed/factory";
import { createCaller } from "@/server/api/root";
import type { Role, SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import { renderDeviceHistoryPdf } from "./device-history-pdf";
import { traceBackward, traceForward } from "./genealogy";
import { extractPdfText } from "./pdf-text";
import { asBuiltRecordCsv, whereUsedCsv } from "./record-export";

const GS = String.fromCharCode(29);
const HOUR = 3600_000;

describe("traceability", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const people = new Map<Role, SessionUser>();
  const ids = new Map<string, number>();
  const lots = new Map<string, number>();
  const as = (role: Role) => createCaller({ db: t.db, user: people.get(role)! });

  async function partId(partNumber: string) {
    const [p] = await t.db.select({ id: parts.id }).from(parts).where(eq(parts.partNumber, partNumber));
    return p!.id;
  }
  async function revisionId(partNumber: string, revision: string) {
    const [r] = await t.db.select({ id: partRevisions.id }).from(partRevisions).innerJoin(parts, eq(parts.id, partRevisions.partId)).where(and(eq(parts.partNumber, partNumber), eq(partRevisions.revision, revision)));
    return r!.id;
  }
  async function unit(serial: string, partNumber: string, revision: string, status: "complete" | "in_progress" = "complete") {
    const [u] = await t.db
      .insert(units)
      .values({ serial, partRevisionId: await revisionId(partNumber, revision), status, startedAt: new Date(Date.now() - 5 * HOUR), completedAt: status === "complete" ? new Date(Date.now() - HOUR) : null })
      .returning();
    ids.set(serial, u!.id);
  }
  async function lot(lotNumber: string, partNumber: string) {
    const [l] = await t.db.insert(materialLots).values({ lotNumber, partId: await partId(partNumber), supplier: "Test supplier", qty: 100, receivedAt: new Date(Date.now() - 48 * HOUR) }).returning();
    lots.set(lotNumber, l!.id);
  }
  async function install(parent: string, partNumber: string, child: { serial?: string; lot?: string; qty?: number }, removal?: string) {
    await t.db.insert(componentInstalls).values({
      parentUnitId: ids.get(parent)!,
      partId: await partId(partNumber),
      childUnitId: child.serial ? ids.get(child.serial)! : null,
      materialLotId: child.lot ? lots.get(child.lot)! : null,
      qty: child.qty ?? 1,
      installedAt: new Date(Date.now() - 3 * HOUR),
      removedAt: removal ? new Date(Date.now() - 2 * HOUR) : null,
      removalReason: removal ?? null,
    });
  }

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 3000 });
    for (const u of await t.db.select().from(users)) if (!people.has(u.role)) people.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });

    // A hand-built genealogy: a skid holding a pump; two pumps sharing lots; a motor removed from a pump and replaced.
    const [skid] = await t.db.insert(parts).values({ partNumber: "TST-SKID", name: "Test booster skid", makeBuy: "make", isSerialized: true }).returning();
    await t.db.insert(partRevisions).values({ partId: skid!.id, revision: "A", status: "released", releasedAt: new Date(Date.now() - 100 * HOUR) });
    await unit("T-SKID-1", "TST-SKID", "A");
    await unit("T-PUMP-1", "CP40-ASM", "B");
    await unit("T-PUMP-2", "CP40-ASM", "B");
    for (const m of ["T-MOTOR-1", "T-MOTOR-2", "T-MOTOR-3"]) await unit(m, "MTR-075", "B");
    await lot("T-LOT-BRG", "BRG-6201");
    await lot("T-LOT-ROT", "ROT-075");
    await lot("T-LOT-SCR", "SCR-M6");
    await lot("T-LOT-EPDM", "ORG-40-EPDM");
    await install("T-SKID-1", "CP40-ASM", { serial: "T-PUMP-1" });
    await install("T-PUMP-1", "MTR-075", { serial: "T-MOTOR-1" });
    await install("T-PUMP-1", "SCR-M6", { lot: "T-LOT-SCR", qty: 4 });
    await install("T-PUMP-1", "ORG-40-EPDM", { lot: "T-LOT-EPDM" });
    await install("T-MOTOR-1", "BRG-6201", { lot: "T-LOT-BRG", qty: 2 });
    await install("T-MOTOR-2", "BRG-6201", { lot: "T-LOT-BRG", qty: 2 });
    await install("T-MOTOR-3", "ROT-075", { lot: "T-LOT-ROT" });
    await install("T-PUMP-2", "MTR-075", { serial: "T-MOTOR-3" }, "Motor replaced after OP60 failure (power draw)");
    await install("T-PUMP-2", "MTR-075", { serial: "T-MOTOR-2" });
    await install("T-PUMP-2", "BRG-6201", { lot: "T-LOT-BRG" });
    await install("T-PUMP-2", "SCR-M6", { lot: "T-LOT-SCR", qty: 4 });
  });
  afterAll(async () => t.close());

  describe("genealogy", () => {
    it("traces a shared lot forward through every level, once per unit", async () => {
      const rows = await traceForward(t.db, { lotId: lots.get("T-LOT-BRG")! });
      expect(rows.map((r) => [r.serial, r.level, r.isRemoved, r.isTopLevel]).sort()).toEqual(
        [
          ["T-MOTOR-1", 1, false, false],
          ["T-MOTOR-2", 1, false, false],
          // Directly and through T-MOTOR-2: listed once, at the nearest level.
          ["T-PUMP-2", 1, false, true],
          ["T-PUMP-1", 2, false, false],
          ["T-SKID-1", 3, false, true],
        ].sort(),
      );
    });

    it("marks units that held a lot only through a removed component", async () => {
      const rows = await traceForward(t.db, { lotId: lots.get("T-LOT-ROT")! });
      expect(rows.map((r) => [r.serial, r.isRemoved])).toEqual([
        ["T-MOTOR-3", false],
        ["T-PUMP-2", true],
      ]);
    });

    it("traces a component serial forward to the units above it", async () => {
      const rows = await traceForward(t.db, { unitId: ids.get("T-MOTOR-1")! });
      expect(rows.map((r) => [r.serial, r.level])).toEqual([
        ["T-PUMP-1", 1],
        ["T-SKID-1", 2],
      ]);
    });

    it("traces backward all levels down, keeping a removal in history without expanding it", async () => {
      const skid = await traceBackward(t.db, ids.get("T-SKID-1")!);
      expect(skid.map((n) => [n.depth, n.childSerial ?? n.lotNumber])).toEqual([
        [1, "T-PUMP-1"],
        [2, "T-MOTOR-1"],
        [3, "T-LOT-BRG"],
        [2, "T-LOT-SCR"],
        [2, "T-LOT-EPDM"],
      ]);
      const pump2 = await traceBackward(t.db, ids.get("T-PUMP-2")!);
      const removed = pump2.find((n) => n.childSerial === "T-MOTOR-3");
      expect(removed).toMatchObject({ depth: 1, removalReason: "Motor replaced after OP60 failure (power draw)" });
      expect(removed?.removedAt).toBeInstanceOf(Date);
      expect(pump2.some((n) => n.lotNumber === "T-LOT-ROT")).toBe(false);
      expect(pump2.filter((n) => n.lotNumber === "T-LOT-BRG").map((n) => n.depth).sort()).toEqual([1, 2]);
    });

    it("flags missing and wrong parts against the released BOM", async () => {
      const record = await as("quality").traceability.record({ serial: "T-PUMP-1" });
      const flag = (partNumber: string) => record.bomComparison.find((r) => r.partNumber === partNumber);
      expect(flag("MTR-075")).toMatchObject({ flag: "ok", installedQty: 1 });
      expect(flag("SCR-M6")).toMatchObject({ flag: "ok", installedQty: 4 });
      expect(flag("ORG-40")).toMatchObject({ flag: "wrong part", note: "ORG-40-EPDM fitted instead of ORG-40." });
      expect(flag("HSG-40")).toMatchObject({ flag: "missing", installedQty: 0 });
      expect(record.containedIn).toEqual([{ serial: "T-SKID-1", partNumber: "TST-SKID", revision: "A", status: "complete", level: 1, isRemoved: false }]);
    });
  });

  describe("as-built record", () => {
    it("brings a seeded pump's route, measurements, components, design and thread together", async () => {
      const record = await as("engineer").traceability.record({ serial: "CP40-0000001" });
      expect(record.unit).toMatchObject({ serial: "CP40-0000001", partNumber: "CP40-ASM", revision: "A", line: "P1" });
      expect(record.steps.length).toBeGreaterThanOrEqual(6);
      expect(record.steps.map((s) => s.operationCode).slice(0, 2)).toEqual(["OP10", "OP20"]);
      expect(record.steps.flatMap((s) => s.measurements).some((m) => m.name === "screw_torque_nm")).toBe(true);
      expect(record.steps[0]?.workInstruction).toMatchObject({ documentNumber: "WI-CP40-ASM-OP10", revision: "A" });
      expect(record.genealogy.some((g) => g.depth === 1 && g.partNumber === "MTR-075" && g.childSerial?.startsWith("M075-"))).toBe(true);
      expect(record.genealogy.some((g) => g.depth === 2 && g.lotNumber?.startsWith("STA-075-"))).toBe(true);
      if (record.unit.status !== "in_progress") expect(record.bomComparison.filter((r) => r.flag !== "ok")).toEqual([]);
      expect(record.ecos).toEqual([expect.objectContaining({ number: "ECO-0001", relation: "changes this revision" })]);
    });

    it("answers an unknown serial clearly", async () => {
      await expect(as("quality").traceability.record({ serial: "NO-SUCH-1" })).rejects.toMatchObject({ code: "NOT_FOUND", message: 'No unit has the serial number "NO-SUCH-1".' });
    });
  });

  describe("search", () => {
    const forms = [
      "CP40-0000001",
      "cp40-0000001",
      "(01)04012345000108(21)CP40-0000001",
      "(21)CP40-0000001",
      "]C10104012345000108" + "21CP40-0000001",
      "0104012345000108" + "21CP40-0000001",
      "]d20104012345000108" + "21CP40-0000001" + GS + "17271231",
      "]Q3" + GS + "0104012345000108" + "21CP40-0000001" + GS,
      "21CP40-0000001" + GS + "0104012345000108",
      "0104012345000108" + "21CP40-0000001<GS>11261124",
    ];
    for (const q of forms) {
      it(`resolves ${JSON.stringify(q)} to the unit`, async () => {
        const result = await as("quality").traceability.search({ q });
        expect(result).toMatchObject({ redirectTo: "/traceability/units/CP40-0000001", message: null });
      });
    }

    it("reads the dates and lot of a barcode", async () => {
      const result = await as("quality").traceability.search({ q: "(01)04012345000108(21)CP40-0000001(11)261124(17)271231" });
      expect(result.gs1).toMatchObject({ gtin: "04012345000108", serial: "CP40-0000001", productionDate: "2026-11-24", expiryDate: "2027-12-31" });
      const lot = await as("quality").traceability.search({ q: "(10)T-LOT-BRG" });
      expect(lot.hits).toEqual([expect.objectContaining({ kind: "lot", lotNumber: "T-LOT-BRG" })]);
    });

    it("finds lots, work orders and parts, exact or by prefix", async () => {
      const search = (q: string) => as("quality").traceability.search({ q });
      expect((await search("T-LOT-")).hits.map((h) => h.kind === "lot" && h.lotNumber)).toEqual(["T-LOT-BRG", "T-LOT-EPDM", "T-LOT-ROT", "T-LOT-SCR"]);
      const wo = await search("WO-100001");
      expect(wo.hits[0]).toMatchObject({ kind: "workOrder", number: "WO-100001" });
      expect(wo.hits.slice(1).every((h) => h.kind === "unit")).toBe(true);
      expect((await search("CP40-ASM")).hits[0]).toMatchObject({ kind: "part", partNumber: "CP40-ASM", isExact: true });
      const prefix = await search("CP40-000000");
      expect(prefix.redirectTo).toBeNull();
      expect(prefix.hits.filter((h) => h.kind === "unit")).toHaveLength(9);
    });

    it("lists a part's lots with the part, newest received first", async () => {
      const result = await as("quality").traceability.search({ q: "BRG-6201" });
      expect(result.hits[0]).toMatchObject({ kind: "part", partNumber: "BRG-6201", isExact: true });
      const lots = result.hits.filter((h) => h.kind === "lot");
      expect(lots.map((h) => h.kind === "lot" && h.lotNumber)).toContain("T-LOT-BRG");
      expect(lots.every((h) => h.kind === "lot" && h.partNumber === "BRG-6201")).toBe(true);
    });

    it("says clearly when nothing matches, for garbage and unreadable barcodes", async () => {
      const garbage = await as("quality").traceability.search({ q: "§§ banana 42 §§" });
      expect(garbage).toMatchObject({ hits: [], redirectTo: null });
      expect(garbage.message).toMatch(/^Nothing matches "§§ banana 42 §§"/);
      const badBarcode = await as("quality").traceability.search({ q: "(99" + GS + "x" });
      expect(badBarcode.hits).toEqual([]);
      expect(badBarcode.message).toMatch(/could not be read/);
      const unknownSerial = await as("quality").traceability.search({ q: "(01)04012345000108(21)ZZ-404" });
      expect(unknownSerial.message).toBe('No unit has the serial number "ZZ-404" read from the barcode.');
      await expect(as("quality").traceability.search({ q: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });

    it("is refused to a viewer", async () => {
      await expect(as("viewer").traceability.search({ q: "CP40" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  describe("starting points", () => {
    it("offers recently finished units, held lots and units on hold before anything is searched", async () => {
      await as("quality").traceability.setUnitHold({ serial: "T-MOTOR-3", action: "hold", reason: "Start page check" });
      const start = await as("quality").traceability.start();
      expect(start.recentUnits.length).toBeGreaterThan(0);
      const finished = start.recentUnits.map((u) => u.completedAt?.getTime() ?? 0);
      expect(finished).toEqual([...finished].sort((a, b) => b - a));
      // The seed holds a suspect controller-board lot and its pumps.
      expect(start.heldLots[0]).toMatchObject({ status: "on_hold", reason: "Supplier 8D: solder voids on U3", heldBy: "Quinn Adler (quality)" });
      expect(start.heldUnits.total).toBeGreaterThan(1);
      const [seededHold] = start.heldUnits.rows.filter((u) => u.reason === null);
      expect(seededHold?.heldLot).toBe(start.heldLots[0]?.lotNumber);
      expect(start.heldUnits.rows.find((u) => u.serial === "T-MOTOR-3")).toMatchObject({ partNumber: "MTR-075", reason: "Start page check" });
      await as("quality").traceability.setUnitHold({ serial: "T-MOTOR-3", action: "release", reason: "Start page check done" });
      expect((await as("quality").traceability.start()).heldUnits.rows.map((u) => u.serial)).not.toContain("T-MOTOR-3");
      await expect(as("viewer").traceability.start()).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  describe("hold and release", () => {
    const statusOf = async (serial: string) => (await t.db.select({ status: units.status }).from(units).where(eq(units.serial, serial)))[0]?.status;

    it("lets quality hold and release a unit, with the reason in the audit log", async () => {
      await as("quality").traceability.setUnitHold({ serial: "T-PUMP-1", action: "hold", reason: "Customer complaint: noise" });
      expect(await statusOf("T-PUMP-1")).toBe("on_hold");
      await expect(as("quality").traceability.setUnitHold({ serial: "T-PUMP-1", action: "hold", reason: "again" })).rejects.toMatchObject({ code: "CONFLICT", message: "T-PUMP-1 is already on hold." });
      await as("quality").traceability.setUnitHold({ serial: "T-PUMP-1", action: "release", reason: "Noise test passed" });
      expect(await statusOf("T-PUMP-1")).toBe("complete");
      const entries = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "unit"), eq(auditLog.entityId, "T-PUMP-1"))).orderBy(asc(auditLog.seq));
      expect(entries.map((e) => [e.action, e.actorId, e.data])).toEqual([
        ["unit.hold", people.get("quality")!.id, { reason: "Customer complaint: noise", from: "complete", to: "on_hold" }],
        ["unit.release", people.get("quality")!.id, { reason: "Noise test passed", from: "on_hold", to: "complete" }],
      ]);
    });

    it("refuses a viewer and an engineer (FORBIDDEN) and a missing reason, changing nothing", async () => {
      for (const role of ["viewer", "engineer"] as const) {
        const error = await as(role).traceability.setUnitHold({ serial: "T-PUMP-2", action: "hold", reason: "not mine to decide" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("FORBIDDEN");
      }
      await expect(as("quality").traceability.setUnitHold({ serial: "T-PUMP-2", action: "hold", reason: " " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(await statusOf("T-PUMP-2")).toBe("complete");
      expect(await t.db.select().from(auditLog).where(eq(auditLog.entityId, "T-PUMP-2"))).toEqual([]);
    });

    it("puts a lot's whole where-used set on hold in one audited action", async () => {
      await expect(as("engineer").traceability.holdWhereUsed({ origin: { lotNumber: "T-LOT-BRG" }, reason: "Bearing noise" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const result = await as("quality").traceability.holdWhereUsed({ origin: { lotNumber: "T-LOT-BRG" }, reason: "Supplier notice: bearing cage cracks" });
      expect(result).toMatchObject({ held: 5, alreadyOnHold: 0 });
      for (const s of ["T-MOTOR-1", "T-MOTOR-2", "T-PUMP-1", "T-PUMP-2", "T-SKID-1"]) expect(await statusOf(s)).toBe("on_hold");
      expect(await statusOf("T-MOTOR-3")).toBe("complete");
      const [lotRow] = await t.db.select({ status: materialLots.status }).from(materialLots).where(eq(materialLots.lotNumber, "T-LOT-BRG"));
      expect(lotRow?.status).toBe("on_hold");
      const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "lot.hold"), eq(auditLog.entityId, "T-LOT-BRG")));
      expect(entry?.data).toMatchObject({ reason: "Supplier notice: bearing cage cracks", count: 5, units: ["T-MOTOR-1", "T-MOTOR-2", "T-PUMP-1", "T-PUMP-2", "T-SKID-1"] });
      const page = await as("engineer").traceability.whereUsed({ origin: { lotNumber: "T-LOT-BRG" } });
      expect(page).toMatchObject({ total: 5, topLevel: 2, byStatus: { on_hold: 5, complete: 0 }, holdable: 0 });
    });

    it("releases a lot only with the signer's password, keeps its units held, and shows every hold and release in the history", async () => {
      const release = { lotNumber: "T-LOT-BRG", reason: "8D closed: cages within spec", password: demoPassword };
      await expect(as("engineer").traceability.releaseLot(release)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(as("quality").traceability.releaseLot({ ...release, password: "not my password" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Wrong password: the signature was not recorded." });
      const [still] = await t.db.select({ status: materialLots.status }).from(materialLots).where(eq(materialLots.lotNumber, "T-LOT-BRG"));
      expect(still?.status).toBe("on_hold");

      expect(await as("quality").traceability.releaseLot(release)).toEqual({ lotNumber: "T-LOT-BRG", meaning: "released as quality", clearedAlarms: 0 });
      const [lotRow] = await t.db.select({ status: materialLots.status }).from(materialLots).where(eq(materialLots.lotNumber, "T-LOT-BRG"));
      expect(lotRow?.status).toBe("available");
      expect(await statusOf("T-PUMP-1")).toBe("on_hold");
      await expect(as("quality").traceability.releaseLot(release)).rejects.toMatchObject({ code: "CONFLICT", message: "T-LOT-BRG is not on hold (it is available)." });
      const [released] = await t.db.select({ summary: events.summary, link: events.link }).from(events).where(eq(events.type, "lot.released"));
      expect(released).toEqual({ summary: "Lot T-LOT-BRG was released from hold by Quinn Adler (released as quality): 8D closed: cages within spec", link: "/traceability/lots/T-LOT-BRG" });

      const lotHistory = await as("supervisor").traceability.holdHistory({ origin: { lotNumber: "T-LOT-BRG" } });
      expect(lotHistory.map((h) => [h.isRelease, h.reason, h.meaning, h.through])).toEqual([
        [true, "8D closed: cages within spec", "released as quality", null],
        [false, "Supplier notice: bearing cage cracks", null, null],
      ]);
      // A unit's history includes the where-used hold that reached it through the lot.
      const unitHistory = await as("quality").traceability.holdHistory({ origin: { serial: "T-PUMP-1" } });
      expect(unitHistory.map((h) => [h.isRelease, h.reason, h.through])).toEqual([
        [false, "Supplier notice: bearing cage cracks", "T-LOT-BRG"],
        [true, "Noise test passed", null],
        [false, "Customer complaint: noise", null],
      ]);
      await expect(as("viewer").traceability.holdHistory({ origin: { serial: "T-PUMP-1" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  it("links a step's station telemetry and alarms by time window", async () => {
    const [station] = await t.db.select({ id: stations.id }).from(stations).where(eq(stations.code, "P1-020"));
    const [metric] = await t.db.insert(telemetryMetrics).values({ name: "test_torque_nm", unit: "N·m" }).returning();
    await unit("T-PUMP-3", "CP40-ASM", "B");
    const start = new Date("2026-03-02T10:00:00Z");
    await t.db.insert(processSteps).values({ unitId: ids.get("T-PUMP-3")!, operationCode: "OP20", stationId: station!.id, operator: "k.weber", startedAt: start, endedAt: new Date(start.getTime() + 60_000), result: "PASS", attempt: 1 });
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await t.db.insert(telemetrySamples).values([-10, -1, 0, 1, 2, 10].map((m) => ({ stationId: station!.id, metricId: metric!.id, ts: at(m), value: 6 + m / 100 })));
    await t.db.insert(alarms).values([
      { stationId: station!.id, code: "NUTRUNNER_WARN", severity: "warning", message: "torque drift", raisedAt: at(0.5), clearedAt: at(5) },
      { stationId: station!.id, code: "OLD", severity: "info", message: "before", raisedAt: at(-60), clearedAt: at(-50) },
    ]);
    const record = await as("quality").traceability.record({ serial: "T-PUMP-3" });
    const [step] = record.steps;
    expect(step?.telemetry).toEqual([{ metric: "test_torque_nm", unit: "N·m", points: [-1, 0, 1, 2].map((m) => ({ ts: at(m), value: 6 + m / 100 })) }]);
    expect(step?.alarms.map((a) => a.code)).toEqual(["NUTRUNNER_WARN"]);
  });

  describe("exports", () => {
    it("renders a device history record PDF that names the unit, its steps and its components", async () => {
      const record = await as("quality").traceability.record({ serial: "CP40-0000001" });
      const pdf = await renderDeviceHistoryPdf(record, { generatedBy: "Quinn Adler (quality)", generatedAt: new Date() });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.subarray(-6).toString()).toContain("%%EOF");
      const text = extractPdfText(pdf);
      expect(text).toContain("Device History Record");
      expect(text).toContain("CP40-0000001");
      expect(text).toContain("CP40-ASM rev A");
      for (const step of record.steps) expect(text).toContain(step.operationCode);
      const motor = record.genealogy.find((g) => g.childSerial)?.childSerial;
      expect(motor && text.includes(motor)).toBe(true);
    });

    it("writes the record and a where-used set as CSV", async () => {
      const record = await as("quality").traceability.record({ serial: "T-PUMP-2" });
      const csv = asBuiltRecordCsv(record).split("\r\n");
      expect(csv[0]).toMatch(/^serial,part_number,revision,section,/);
      expect(csv.some((l) => l.includes("T-MOTOR-3") && l.includes("Motor replaced after OP60 failure (power draw)"))).toBe(true);
      const rows = await traceForward(t.db, { lotId: lots.get("T-LOT-ROT")! });
      expect(whereUsedCsv("T-LOT-ROT", rows).split("\r\n").slice(1, 3)).toEqual([
        expect.stringMatching(/^T-LOT-ROT,T-MOTOR-3,MTR-075,B,\w+,1,true,true,,/),
        expect.stringMatching(/^T-LOT-ROT,T-PUMP-2,CP40-ASM,B,\w+,2,false,false,,/),
      ]);
    });
  });
});
