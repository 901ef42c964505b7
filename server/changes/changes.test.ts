import { createHash } from "node:crypto";

import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, ecoApprovals, ecos, ecrAttachments, ecrs, lineNotices, measurements, partRevisions, parts, processSteps, signInFailures, units, users, workOrders } from "@/db/schema";
import { demoPassword } from "@/db/seed/factory";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAuditChain } from "@/server/audit/verify";
import type { SessionUser } from "@/server/auth/roles";
import { signInWithPassword } from "@/server/auth/sign-in";
import { env } from "@/server/env";
import { openTestDb } from "@/server/testing/database";

import { diffBom } from "./diff";
import { releaseEco } from "./release";

type Db = Awaited<ReturnType<typeof openTestDb>>;

describe("ECR → ECO → signatures → release", () => {
  let t: Db;
  const people = new Map<string, SessionUser>();
  const as = (email: string) => createCaller({ db: t.db, user: people.get(`${email}@threadline.demo`)! });
  let ecrNumber = "";
  let ecoNumber = "";
  /** An ECO in review with production on its board. */
  let productionEcoNumber = "";

  /** Everything a refused call must leave as it was. */
  async function snapshot(number: string) {
    const [eco] = await t.db.select().from(ecos).where(eq(ecos.number, number));
    const approvals = await t.db.select().from(ecoApprovals).where(eq(ecoApprovals.ecoId, eco!.id));
    const detail = await as("admin").changes.eco({ number });
    const [{ n: auditEntries }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog)) as [{ n: number }];
    return { eco, approvals, contentHash: detail.contentHash, auditEntries };
  }

  async function cp40() {
    const [part] = await t.db.select().from(parts).where(eq(parts.partNumber, "CP40-ASM"));
    return part!;
  }

  beforeAll(async () => {
    t = await openTestDb("changes_it");
    await seedDatabase(t.sql, { units: 4000 });
    for (const u of await t.db.select().from(users)) people.set(u.email, { id: u.id, name: u.name, email: u.email, role: u.role });
  });
  afterAll(async () => t.close());

  it("takes an ECR from draft through review to approval, refusing the requester as reviewer", async () => {
    const ecr = await as("engineer").changes.createEcr({
      title: "Screw torque failures on CP-40 motor mount",
      problem: "OP20 torque failures on the motor screws; four screws strip the housing thread.",
      reason: "defect",
      priority: "high",
      affectedPartNumbers: ["CP40-ASM"],
      evidence: [{ kind: "unit", ref: "CP40-0000001" }, { kind: "measurement", ref: "42:screw_torque_nm" }],
    });
    ecrNumber = ecr.number;
    expect(ecr.status).toBe("draft");
    await expect(as("engineer2").changes.ecrAction({ number: ecrNumber, action: "startReview" })).rejects.toMatchObject({ code: "CONFLICT", message: `${ecrNumber} is draft; only a submitted request can be taken into review.` });
    await as("engineer").changes.ecrAction({ number: ecrNumber, action: "submit" });
    await expect(as("engineer").changes.ecrAction({ number: ecrNumber, action: "startReview" })).rejects.toMatchObject({ code: "FORBIDDEN", message: `You raised ${ecrNumber}; another engineer must review it.` });
    await expect(as("quality").changes.ecrAction({ number: ecrNumber, action: "startReview" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await as("engineer2").changes.ecrAction({ number: ecrNumber, action: "startReview" });
    await expect(as("engineer2").changes.ecrAction({ number: ecrNumber, action: "reject" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A rejection needs a comment that says why." });
    const approved = await as("engineer2").changes.ecrAction({ number: ecrNumber, action: "approve", comment: "Confirmed on the torque data." });
    expect(approved.status).toBe("approved");

    const detail = await as("viewer").changes.ecr({ number: ecrNumber });
    expect(detail.evidence).toEqual([{ kind: "unit", ref: "CP40-0000001" }, { kind: "measurement", ref: "42:screw_torque_nm" }]);
    expect(detail.history.map((h) => h.action)).toEqual(["ecr.created", "ecr.submitted", "ecr.in_review", "ecr.approved"]);
  });

  it("lists ECRs by state, part and owner", async () => {
    const elena = people.get("engineer@threadline.demo")!;
    const mine = await as("viewer").changes.ecrs({ requesterId: elena.id, partNumber: "CP40-ASM", status: "approved", limit: 50 });
    expect(mine.map((e) => e.number)).toEqual([ecrNumber]);
    const old = await as("viewer").changes.ecrs({ minAgeDays: 3, limit: 50 });
    expect(old.some((e) => e.number === ecrNumber)).toBe(false);
  });

  it("writes an ECO from the approved ECR, with a new draft revision shown as a diff", async () => {
    await expect(as("engineer2").changes.createEco({ title: "Not yet", description: "An ECO from a draft request.", ecrNumbers: ["ECR-0004"], effectivity: "date", effectivityValue: "2026-01-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "An ECO implements approved requests only; ECR-0004 is draft.",
    });
    await expect(as("engineer2").changes.createEco({ title: "Bad date", description: "An ECO with a bad date.", ecrNumbers: [ecrNumber], effectivity: "date", effectivityValue: "31.12.2026" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: '"31.12.2026" is not a date; use YYYY-MM-DD.' });
    const today = new Date().toISOString().slice(0, 10);
    const eco = await as("engineer2").changes.createEco({ title: "CP-40: three screws with thread-locker", description: "Three M6 screws at the motor mount instead of four.", ecrNumbers: [ecrNumber], effectivity: "date", effectivityValue: today });
    ecoNumber = eco.number;
    let detail = await as("engineer2").changes.eco({ number: ecoNumber });
    expect(detail.changes).toHaveLength(1);
    expect(detail.changes[0]).toMatchObject({ partNumber: "CP40-ASM", fromRevision: "B", toRevision: "C", toStatus: "draft" });
    expect(detail.changes[0]!.bomDiff.every((r) => r.kind === "unchanged")).toBe(true);

    const change = detail.changes[0]!;
    const bom = change.bom.map((b) => (b.partNumber === "SCR-M6" ? { ...b, qty: 3 } : b));
    await as("engineer2").changes.saveRevision({ number: ecoNumber, partNumber: "CP40-ASM", bom, routing: change.routing.map(({ workInstructionRevisionId: _w, workInstruction: _i, ...r }) => r) });
    detail = await as("engineer2").changes.eco({ number: ecoNumber });
    const changed = detail.changes[0]!.bomDiff.filter((r) => r.kind !== "unchanged");
    expect(changed.map((r) => [r.kind, r.fields, r.before?.partNumber, r.before?.qty, r.after?.qty])).toEqual([["changed", ["qty"], "SCR-M6", 4, 3]]);
    expect(detail.changes[0]!.routingDiff.every((r) => r.kind === "unchanged")).toBe(true);

    const submitted = await as("engineer2").changes.submitEco({ number: ecoNumber });
    expect(submitted.requiredRoles).toEqual(["engineer", "quality"]);
  });

  it("shows the impact before anyone signs: open work orders and units in progress of the part", async () => {
    const impact = await as("quality").changes.impact({ number: ecoNumber });
    const part = await cp40();
    const open = await t.db
      .select({ number: workOrders.number })
      .from(workOrders)
      .innerJoin(partRevisions, eq(partRevisions.id, workOrders.partRevisionId))
      .where(and(eq(partRevisions.partId, part.id), inArray(workOrders.status, ["planned", "released", "in_progress"])));
    expect(impact[0]!.workOrders.map((w) => w.number).sort()).toEqual(open.map((w) => w.number).sort());
    expect(impact[0]!.workOrders.length).toBeGreaterThan(0);
  });

  it("refuses self-approval, a role not on the board and a wrong password, changing nothing", async () => {
    const before = await snapshot(ecoNumber);
    const { contentHash } = before;
    await expect(as("engineer2").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `You wrote ${ecoNumber}; the author may not sign their own change.`,
    });
    await expect(as("supervisor").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `Supervisor is not on the review board of ${ecoNumber} (Engineer, Quality).`,
    });
    await expect(as("viewer").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("engineer").changes.signEco({ number: ecoNumber, decision: "approved", password: "not-my-password", contentHash })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Wrong password: the signature was not recorded.",
    });
    await expect(as("quality").changes.signEco({ number: ecoNumber, decision: "rejected", password: demoPassword, contentHash })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A rejection needs a comment that says why." });
    // Only the wrong password left a trace: in the audit log, against the signer's account.
    expect(await snapshot(ecoNumber)).toEqual({ ...before, auditEntries: before.auditEntries + 1 });
  });

  it("refuses a release without all signatures, and an edit over a signature until confirmed", async () => {
    const { contentHash } = await snapshot(ecoNumber);
    const signed = await as("engineer").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash });
    expect(signed.signature).toMatchObject({ signerName: "Elena Hart", role: "engineer", meaning: "approved as engineer", contentHash });
    expect(signed.status).toBe("in_review");

    const before = await snapshot(ecoNumber);
    await expect(as("engineer2").changes.releaseEco({ number: ecoNumber })).rejects.toMatchObject({ code: "CONFLICT", message: `${ecoNumber} cannot be released: it still needs the signature of Quality.` });
    const detail = await as("engineer2").changes.eco({ number: ecoNumber });
    const edit = { number: ecoNumber, title: "CP-40: three screws, thread-locker", description: detail.description, effectivity: detail.effectivity, effectivityValue: detail.effectivityValue };
    await expect(as("engineer2").changes.updateEco(edit)).rejects.toMatchObject({ code: "CONFLICT", message: `${ecoNumber} carries 1 signature(s) (Elena Hart as engineer). Saving this edit voids them; confirm to go ahead.` });
    await expect(as("engineer").changes.updateEco({ ...edit, confirmVoidSignatures: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await snapshot(ecoNumber)).toEqual(before);

    await as("engineer2").changes.updateEco({ ...edit, confirmVoidSignatures: true });
    const after = await snapshot(ecoNumber);
    expect(after.approvals[0]!.voidedAt).toBeInstanceOf(Date);
    expect(after.contentHash).not.toBe(contentHash);
    // The old signature signed other content: signing with the hash seen before the edit is refused.
    await expect(as("quality").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash })).rejects.toMatchObject({ code: "CONFLICT", message: `${ecoNumber} changed after you opened it; review the current version and sign again.` });
    const waiting = await as("engineer").changes.waitingForMe();
    expect(waiting.ecos.map((e) => e.number)).toContain(ecoNumber);
  });

  it("releases atomically: a failure injected mid-release leaves nothing half-released", async () => {
    const { contentHash } = await snapshot(ecoNumber);
    await as("engineer").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash });
    const approved = await as("quality").changes.signEco({ number: ecoNumber, decision: "approved", password: demoPassword, contentHash });
    expect(approved.status).toBe("approved");

    const part = await cp40();
    const state = async () => ({
      revisions: await t.db.select({ revision: partRevisions.revision, status: partRevisions.status, releasedByEcoId: partRevisions.releasedByEcoId }).from(partRevisions).where(eq(partRevisions.partId, part.id)).orderBy(partRevisions.revision),
      orders: await t.db.select({ number: workOrders.number, revisionId: workOrders.partRevisionId }).from(workOrders).orderBy(workOrders.id),
      flagged: await t.db.select({ id: units.id }).from(units).where(eq(units.needsDisposition, true)),
      notices: await t.db.select().from(lineNotices),
      eco: (await snapshot(ecoNumber)).eco,
      audit: (await verifyAuditChain(t.db, auditSettings())).checked,
    });
    const before = await state();
    for (const step of ["revisions", "workOrders", "units", "notices"] as const) {
      await expect(
        releaseEco(t.db, people.get("engineer2@threadline.demo")!, ecoNumber, {
          afterStep: (s) => {
            if (s === step) throw new Error(`injected failure after ${s}`);
          },
        }),
      ).rejects.toThrow(`injected failure after ${step}`);
      expect(await state()).toEqual(before);
    }
  });

  it("releases: new revision released, old superseded, open work orders moved, units flagged, lines told", async () => {
    const impact = await as("engineer2").changes.impact({ number: ecoNumber });
    const result = await as("engineer2").changes.releaseEco({ number: ecoNumber });
    expect(result.eco.status).toBe("released");
    const part = await cp40();
    const revisions = await t.db.select().from(partRevisions).where(eq(partRevisions.partId, part.id)).orderBy(partRevisions.revision);
    expect(revisions.map((r) => [r.revision, r.status])).toEqual([["A", "superseded"], ["B", "superseded"], ["C", "released"]]);
    expect(revisions[2]!.releasedByEcoId).toBe(result.eco.id);

    const moved = impact[0]!.workOrders.map((w) => w.number);
    const orders = await t.db.select().from(workOrders).where(inArray(workOrders.number, moved));
    expect(orders.every((o) => o.partRevisionId === revisions[2]!.id)).toBe(true);
    const inProgress = impact[0]!.unitsInProgress.map((u) => u.serial);
    expect(result.needsDisposition.sort()).toEqual(inProgress.sort());
    if (inProgress.length) {
      const flagged = await t.db.select().from(units).where(inArray(units.serial, inProgress));
      expect(flagged.every((u) => u.needsDisposition)).toBe(true);
    }
    const notices = await as("supervisor").changes.lineNotices({});
    expect(notices.find((n) => n.ecoNumber === ecoNumber)).toMatchObject({ lineCode: "P1" });

    const history = await as("viewer").changes.partHistory({ partNumber: "CP40-ASM" });
    expect(history.revisions.map((r) => [r.revision, r.status, r.releasedBy, r.supersededBy])).toEqual([
      ["A", "superseded", null, "ECO-0001"],
      ["B", "superseded", "ECO-0001", ecoNumber],
      ["C", "released", ecoNumber, null],
    ]);
    await expect(as("engineer2").changes.releaseEco({ number: ecoNumber })).rejects.toMatchObject({ code: "CONFLICT", message: `${ecoNumber} was already released.` });
  });

  it("puts every transition and signature in the audit log, and the chain verifies", async () => {
    const entries = await t.db.select({ action: auditLog.action, actor: auditLog.actor }).from(auditLog).where(eq(auditLog.entityId, ecoNumber)).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(["eco.created", "eco.edited", "eco.submitted", "eco.signed", "eco.edited", "eco.signed", "eco.signed", "eco.released"]);
    expect(await verifyAuditChain(t.db, auditSettings())).toMatchObject({ ok: true });
  });

  it("puts production on the board when the routing changes, and tells whether a released change worked", async () => {
    const ecr = await as("engineer2").changes.createEcr({ title: "CP-60 leak test wording", problem: "Operators misread the leak test instruction on P2-030.", reason: "defect", priority: "low", affectedPartNumbers: ["CP60-ASM"] });
    await as("engineer2").changes.ecrAction({ number: ecr.number, action: "submit" });
    await as("engineer").changes.ecrAction({ number: ecr.number, action: "startReview" });
    await as("engineer").changes.ecrAction({ number: ecr.number, action: "approve" });
    const eco = await as("engineer").changes.createEco({ title: "CP-60 leak test instruction", description: "Clearer leak test work instruction.", ecrNumbers: [ecr.number], effectivity: "serial", effectivityValue: "CP60-9999999" });
    const change = (await as("engineer").changes.eco({ number: eco.number })).changes[0]!;
    const routing = change.routing.map(({ workInstructionRevisionId: _w, workInstruction: _i, ...r }) => (r.operationCode === "OP30" ? { ...r, workInstructionText: "# Leak test\n\n1. Clamp. 2. Pressurise to 6 bar. 3. Read after 20 s." } : r));
    await as("engineer").changes.saveRevision({ number: eco.number, partNumber: "CP60-ASM", bom: change.bom, routing });
    const detail = await as("engineer").changes.eco({ number: eco.number });
    expect(detail.changes[0]!.routingDiff.filter((r) => r.kind === "changed").map((r) => [r.operationCode, r.fields])).toEqual([["OP30", ["workInstruction"]]]);
    expect((await as("engineer").changes.submitEco({ number: eco.number })).requiredRoles).toEqual(["engineer", "quality", "supervisor"]);
    productionEcoNumber = eco.number;
    // A future serial: nothing built yet falls under it.
    const impact = await as("engineer").changes.impact({ number: eco.number });
    expect(impact[0]!.finishedUnits.count).toBe(0);

    const effect = await as("viewer").changes.effect({ number: "ECO-0001" });
    expect(effect?.parts[0]?.partNumber).toBe("CP40-ASM");
    expect(effect?.parts[0]?.before.finished).toBeGreaterThan(0);
    expect(effect?.parts[0]?.after.finished).toBeGreaterThan(0);
  });

  it("attaches files to an open request, with their hash audited, and refuses what it must", async () => {
    const [failing] = await t.db
      .select({ stepId: processSteps.id, serial: units.serial, op: processSteps.operationCode, name: measurements.name })
      .from(measurements)
      .innerJoin(processSteps, eq(processSteps.id, measurements.stepId))
      .innerJoin(units, eq(units.id, processSteps.unitId))
      .where(eq(measurements.isPass, false))
      .limit(1);
    const ecr = await as("engineer").changes.createEcr({
      title: "Housing leak on CP-40",
      problem: "Leak test failures cluster on one housing lot; photos attached.",
      reason: "supplier",
      priority: "medium",
      affectedPartNumbers: ["CP40-ASM"],
      evidence: [
        { kind: "measurement", ref: `${failing!.stepId}:${failing!.name}` },
        { kind: "operation", ref: "OP30" },
        { kind: "document", ref: "https://supplier.example/8D-4711.pdf" },
        { kind: "document", ref: "QA-REPORT-17" },
      ],
    });
    const photo = new TextEncoder().encode("not really a JPEG, but bytes all the same");
    const added = await as("engineer").changes.addAttachment({ number: ecr.number, fileName: "C:\\fakepath\\leak photo.jpg", contentType: "image/jpeg", content: photo });
    expect(added).toMatchObject({ fileName: "leak photo.jpg", sizeBytes: photo.byteLength, sha256: createHash("sha256").update(photo).digest("hex") });

    const detail = await as("viewer").changes.ecr({ number: ecr.number });
    expect(detail.attachments).toEqual([expect.objectContaining({ id: added.id, fileName: "leak photo.jpg", uploadedBy: "Elena Hart" })]);
    expect(detail.evidenceLinks.map((e) => [e.label, e.href])).toEqual([
      [`measurement ${failing!.name} on ${failing!.serial} at ${failing!.op}`, `/traceability/units/${failing!.serial}#step-${failing!.stepId}`],
      ["operation OP30 of CP40-ASM", "/kpis/spc?part=CP40-ASM&op=OP30"],
      ["document https://supplier.example/8D-4711.pdf", "https://supplier.example/8D-4711.pdf"],
      ["document QA-REPORT-17", null],
    ]);
    const file = await as("viewer").changes.attachment({ id: added.id });
    expect(Buffer.from(file.content).equals(Buffer.from(photo))).toBe(true);

    const before = await t.db.select({ id: ecrAttachments.id }).from(ecrAttachments);
    await expect(as("engineer").changes.addAttachment({ number: ecr.number, fileName: "empty.txt", contentType: "text/plain", content: new Uint8Array() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "empty.txt is empty." });
    await expect(as("engineer").changes.addAttachment({ number: ecr.number, fileName: "scan.tif", contentType: "image/tiff", content: new Uint8Array(10 * 1024 * 1024 + 1) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "scan.tif is 10.0 MB; attachments may be up to 10 MB." });
    await expect(as("quality").changes.addAttachment({ number: ecr.number, fileName: "a.txt", contentType: "text/plain", content: photo })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("engineer").changes.addAttachment({ number: "ECR-9999", fileName: "a.txt", contentType: "text/plain", content: photo })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as("engineer2").changes.removeAttachment({ id: added.id })).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only the person who attached leak photo.jpg may remove it." });
    await expect(as("engineer").changes.addAttachment({ number: ecrNumber, fileName: "late.txt", contentType: "text/plain", content: photo })).rejects.toMatchObject({ code: "CONFLICT", message: `${ecrNumber} is approved; files can no longer be added.` });
    expect(await t.db.select({ id: ecrAttachments.id }).from(ecrAttachments)).toEqual(before);

    const second = await as("engineer").changes.addAttachment({ number: ecr.number, fileName: "<script>.html", contentType: "text/html; charset=utf-8", content: photo });
    expect((await as("viewer").changes.attachment({ id: second.id })).contentType).toBe("application/octet-stream");
    await as("engineer").changes.removeAttachment({ id: second.id });
    await expect(as("viewer").changes.attachment({ id: second.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const history = await as("viewer").changes.ecr({ number: ecr.number });
    expect(history.history.map((h) => h.action)).toEqual(["ecr.created", "ecr.attachment_added", "ecr.attachment_added", "ecr.attachment_removed"]);
    expect(history.history[1]?.data).toMatchObject({ fileName: "leak photo.jpg", sha256: added.sha256 });
  });

  it("cancels an order that was not released, with a reason, by its author only", async () => {
    const ecr = await as("engineer2").changes.createEcr({ title: "CP-40 label position", problem: "The type label covers the drain screw.", reason: "customer", priority: "low", affectedPartNumbers: ["CP40-ASM"] });
    await as("engineer2").changes.ecrAction({ number: ecr.number, action: "submit" });
    await as("engineer").changes.ecrAction({ number: ecr.number, action: "startReview" });
    await as("engineer").changes.ecrAction({ number: ecr.number, action: "approve" });
    const eco = await as("engineer2").changes.createEco({ title: "Move the type label", description: "Label 20 mm to the left.", ecrNumbers: [ecr.number], effectivity: "date", effectivityValue: "2030-01-01" });
    await as("engineer2").changes.submitEco({ number: eco.number });

    const before = await snapshot(eco.number);
    await expect(as("engineer").changes.cancelEco({ number: eco.number, reason: "Not needed any more." })).rejects.toMatchObject({ code: "FORBIDDEN", message: `Only the author of ${eco.number} may cancel it.` });
    await expect(as("engineer2").changes.cancelEco({ number: eco.number, reason: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as("viewer").changes.cancelEco({ number: eco.number, reason: "Not needed any more." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await snapshot(eco.number)).toEqual(before);

    const cancelled = await as("engineer2").changes.cancelEco({ number: eco.number, reason: "The customer withdrew the complaint." });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "The customer withdrew the complaint." });
    const { contentHash } = await snapshot(eco.number);
    await expect(as("quality").changes.signEco({ number: eco.number, decision: "approved", password: demoPassword, contentHash })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(as("engineer2").changes.releaseEco({ number: eco.number })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(as("engineer2").changes.cancelEco({ number: eco.number, reason: "Twice." })).rejects.toMatchObject({ code: "CONFLICT", message: `${eco.number} is cancelled; it can no longer be cancelled.` });
    // Its request stays approved, free for another order.
    expect((await as("viewer").changes.approvedEcrs()).map((r) => r.number)).toContain(ecr.number);
    expect((await as("viewer").changes.eco({ number: eco.number })).history.map((h) => h.action)).toEqual(["eco.created", "eco.submitted", "eco.cancelled"]);
    expect(await verifyAuditChain(t.db, auditSettings())).toMatchObject({ ok: true });
  });

  it("diffs BOM lines by find number", () => {
    const a = [{ findNumber: 10, partNumber: "X", qty: 1, referenceDesignator: null }, { findNumber: 20, partNumber: "Y", qty: 2, referenceDesignator: null }];
    const b = [{ findNumber: 10, partNumber: "Z", qty: 1, referenceDesignator: null }, { findNumber: 30, partNumber: "W", qty: 1, referenceDesignator: null }];
    expect(diffBom(a, b).map((r) => [r.findNumber, r.kind, r.fields])).toEqual([[10, "changed", ["partNumber"]], [20, "removed", []], [30, "added", []]]);
  });

  it("counts wrong signature passwords like failed sign-ins: recorded, audited, then refused for signing and sign-in alike", async () => {
    const { SIGN_IN_MAX_FAILURES: maxFailures, SIGN_IN_MAX_CLIENT_FAILURES: maxClientFailures, SIGN_IN_WINDOW_MINUTES: windowMinutes } = env();
    const email = "supervisor@threadline.demo";
    const { contentHash } = await snapshot(productionEcoNumber);
    const sign = (password: string) => as("supervisor").changes.signEco({ number: productionEcoNumber, decision: "approved", password, contentHash });
    const locked = { code: "TOO_MANY_REQUESTS", message: `Too many wrong passwords for this account. Try again in ${windowMinutes} minutes.` };
    for (let i = 0; i < 12; i++) {
      await expect(sign(`guess ${i}`)).rejects.toMatchObject(i < maxFailures ? { code: "BAD_REQUEST", message: "Wrong password: the signature was not recorded." } : locked);
    }
    await expect(sign(demoPassword)).rejects.toMatchObject(locked);
    expect(await t.db.select().from(signInFailures).where(eq(signInFailures.email, email))).toHaveLength(maxFailures);
    const audited = await t.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityId, email)).orderBy(auditLog.seq);
    expect(audited.filter((e) => e.action === "auth.signature_failed")).toHaveLength(maxFailures);
    expect(audited.filter((e) => e.action === "auth.signature_refused")).toHaveLength(13 - maxFailures);
    expect(audited[0]?.data).toMatchObject({ eco: productionEcoNumber });
    expect(await signInWithPassword(t.db, { email, password: demoPassword, ip: null }, { maxFailures, maxClientFailures, windowMinutes })).toMatchObject({ kind: "locked", scope: "account" });
    expect(await verifyAuditChain(t.db, auditSettings())).toMatchObject({ ok: true });
  });

  it("keeps the seeded ECR states readable", async () => {
    const rows = await t.db.select({ number: ecrs.number, status: ecrs.status }).from(ecrs).where(inArray(ecrs.number, ["ECR-0001", "ECR-0003"]));
    expect(rows).toEqual(expect.arrayContaining([{ number: "ECR-0001", status: "approved" }, { number: "ECR-0003", status: "submitted" }]));
  });
});
