import { eq } from "drizzle-orm";

import { appendAudit, type AuditInput } from "@/server/audit/audit-log";
import { currentEcoHash } from "@/server/changes/eco-content";
import { signatureMeaning } from "@/server/changes/signatures";

import type { Db } from "../index";
import { bomLines, ecoApprovals, ecoEcrs, ecoRevisionChanges, ecos, ecrAffectedParts, ecrs, operationCharacteristics, partRevisions, routingOperations } from "../schema";
import { userDefs } from "./factory";
import type { MasterData } from "./master-data";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Change history: the released ECO that made CP-40 rev B, an ECO in review
 * for a cheaper CP-60 (rev B drafted, one of three signatures given), and
 * ECRs in other states. The audit log tells the same story at the times it
 * happened, so each record's history matches its dates.
 */
export async function seedChanges(db: Db, master: MasterData, now: Date, cp40RevBFrom: Date) {
  const user = (email: string) => master.userIds.get(email)!;
  const actor = (email: string) => {
    const u = userDefs.find((d) => d.email === email)!;
    return { actorId: user(email), actor: `${u.name} (${u.role})` };
  };
  const events: (AuditInput & { at: Date })[] = [];
  const record = (email: string, at: Date, action: string, entityType: "ecr" | "eco", entityId: string, data: Record<string, unknown> = {}) =>
    events.push({ ...actor(email), at, action, entityType, entityId, data });
  const elena = "engineer@threadline.demo";
  const erik = "engineer2@threadline.demo";
  const quinn = "quality@threadline.demo";

  const ecr1Submitted = new Date(cp40RevBFrom.getTime() - 9 * DAY);
  const [ecr1] = await db
    .insert(ecrs)
    .values({
      number: "ECR-0001",
      title: "Leak-test failures on CP-40: EPDM O-ring swelling",
      problem: "Leak-test (P1-050 OP50) failures rose after the coolant additive change; teardown shows swollen EPDM O-rings.",
      reason: "defect",
      priority: "high",
      status: "approved",
      requesterId: user(quinn),
      reviewerId: user(elena),
      evidence: [{ kind: "operation", ref: "CP40-ASM/OP50" }],
      createdAt: new Date(ecr1Submitted.getTime() - DAY),
      submittedAt: ecr1Submitted,
      decidedAt: new Date(ecr1Submitted.getTime() + 2 * DAY),
    })
    .returning();
  await db.insert(ecrAffectedParts).values({ ecrId: ecr1!.id, partId: master.partIds.get("CP40-ASM")! });
  recordEcr(ecr1!, elena);

  const eco1Fields = { number: "ECO-0001", title: "CP-40: FKM O-ring instead of EPDM", description: "Replace ORG-40-EPDM by ORG-40 (FKM) in CP40-ASM. Work instructions updated to revision B.", effectivity: "date" as const, effectivityValue: cp40RevBFrom.toISOString().slice(0, 10) };
  const [eco1] = await db
    .insert(ecos)
    .values({ ...eco1Fields, status: "released", authorId: user(elena), requiredRoles: ["engineer", "quality"], createdAt: new Date(ecr1Submitted.getTime() + 2 * DAY), updatedAt: new Date(ecr1Submitted.getTime() + 3 * DAY), releasedAt: cp40RevBFrom })
    .returning();
  await db.insert(ecoEcrs).values({ ecoId: eco1!.id, ecrId: ecr1!.id });
  await db.insert(ecoRevisionChanges).values({ ecoId: eco1!.id, fromRevisionId: master.revisionIds.get("CP40-ASM/A")!, toRevisionId: master.revisionIds.get("CP40-ASM/B")! });
  await db.update(partRevisions).set({ releasedByEcoId: eco1!.id, releasedAt: cp40RevBFrom }).where(eq(partRevisions.id, master.revisionIds.get("CP40-ASM/B")!));
  // Signatures sign the content as the app computes it (BOM, routing, work instruction hashes).
  const eco1Hash = await currentEcoHash(db, eco1!.id);
  record(elena, eco1!.createdAt, "eco.created", "eco", "ECO-0001", { title: eco1Fields.title, ecrs: ["ECR-0001"], effectivity: eco1Fields.effectivity, effectivityValue: eco1Fields.effectivityValue });
  record(elena, eco1!.updatedAt, "eco.submitted", "eco", "ECO-0001", { requiredRoles: eco1!.requiredRoles, contentHash: eco1Hash });
  await sign(eco1!.id, "ECO-0001", erik, eco1Hash, new Date(cp40RevBFrom.getTime() - DAY));
  await sign(eco1!.id, "ECO-0001", quinn, eco1Hash, new Date(cp40RevBFrom.getTime() - DAY + 3 * HOUR));
  record(elena, cp40RevBFrom, "eco.released", "eco", "ECO-0001", { revisions: ["CP40-ASM/B"] });

  // ECO-0002: CP-60 with three screws instead of four, drafted as rev B and in review.
  const cp60 = master.partIds.get("CP60-ASM")!;
  const [cp60B] = await db.insert(partRevisions).values({ partId: cp60, revision: "B", status: "draft", description: "Three motor screws instead of four (ECO-0002)" }).returning();
  const cp60ABom = await db.select().from(bomLines).where(eq(bomLines.parentRevisionId, master.revisionIds.get("CP60-ASM/A")!));
  const screwsId = master.partIds.get("SCR-M6")!;
  await db.insert(bomLines).values(cp60ABom.map(({ id: _id, ...b }) => ({ ...b, parentRevisionId: cp60B!.id, qty: b.childPartId === screwsId ? 3 : b.qty })));
  // The routing stays as in rev A: same operations, instructions and characteristics.
  for (const { id: opId, ...op } of await db.select().from(routingOperations).where(eq(routingOperations.partRevisionId, master.revisionIds.get("CP60-ASM/A")!))) {
    const [copy] = await db.insert(routingOperations).values({ ...op, partRevisionId: cp60B!.id }).returning();
    const chars = await db.select().from(operationCharacteristics).where(eq(operationCharacteristics.routingOperationId, opId));
    if (chars.length) await db.insert(operationCharacteristics).values(chars.map(({ id: _id, ...c }) => ({ ...c, routingOperationId: copy!.id })));
  }

  const ecr2Submitted = new Date(now.getTime() - 6 * DAY);
  const [ecr2] = await db
    .insert(ecrs)
    .values({ number: "ECR-0002", title: "CP-60: reduce motor screws from four to three", problem: "FEA shows three M6 screws hold the motor with a safety factor of 3.1; saves 0.04 EUR and 4 s cycle time per pump.", reason: "cost", priority: "medium", status: "approved", requesterId: user(erik), reviewerId: user(elena), createdAt: new Date(ecr2Submitted.getTime() - DAY), submittedAt: ecr2Submitted, decidedAt: new Date(ecr2Submitted.getTime() + DAY) })
    .returning();
  await db.insert(ecrAffectedParts).values({ ecrId: ecr2!.id, partId: cp60 });
  recordEcr(ecr2!, elena);
  const [eco2] = await db
    .insert(ecos)
    .values({ number: "ECO-0002", title: "CP-60: three motor screws", description: "CP60-ASM rev B: SCR-M6 quantity 4 → 3 at the motor mount.", status: "in_review", authorId: user(elena), effectivity: "date", effectivityValue: new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10), requiredRoles: ["engineer", "quality", "supervisor"], createdAt: new Date(now.getTime() - 4 * DAY), updatedAt: new Date(now.getTime() - 3 * DAY) })
    .returning();
  await db.insert(ecoEcrs).values({ ecoId: eco2!.id, ecrId: ecr2!.id });
  await db.insert(ecoRevisionChanges).values({ ecoId: eco2!.id, fromRevisionId: master.revisionIds.get("CP60-ASM/A")!, toRevisionId: cp60B!.id });
  const eco2Hash = await currentEcoHash(db, eco2!.id);
  record(elena, eco2!.createdAt, "eco.created", "eco", "ECO-0002", { title: eco2!.title, ecrs: ["ECR-0002"], drafted: ["CP60-ASM/B"], effectivity: eco2!.effectivity, effectivityValue: eco2!.effectivityValue });
  record(elena, eco2!.updatedAt, "eco.submitted", "eco", "ECO-0002", { requiredRoles: eco2!.requiredRoles, contentHash: eco2Hash });
  // Engineering has signed; quality and the line supervisor have not yet.
  await sign(eco2!.id, "ECO-0002", erik, eco2Hash, new Date(now.getTime() - 2 * DAY));

  const later = await db
    .insert(ecrs)
    .values([
      { number: "ECR-0003", title: "Impeller run-out trending up on P1-030", problem: "Run-out on OP30 drifts towards the upper limit over the last two weeks; suspect press fixture wear.", reason: "defect", priority: "medium", status: "submitted", requesterId: user(quinn), createdAt: new Date(now.getTime() - 2 * DAY - 3 * HOUR), submittedAt: new Date(now.getTime() - 2 * DAY) },
      { number: "ECR-0004", title: "GS1 Digital Link QR code on the pump label", problem: "A distributor asks for a QR code with GS1 Digital Link on every pump label.", reason: "customer", priority: "low", status: "draft", requesterId: user(erik), createdAt: new Date(now.getTime() - DAY) },
    ])
    .returning();
  for (const ecr of later) recordEcr(ecr, elena);

  events.sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const event of events) await appendAudit(db, event);

  /** Raised, submitted and decided, each at the time the request records. */
  function recordEcr(ecr: typeof ecrs.$inferSelect, reviewer: string) {
    const requester = userDefs.find((u) => master.userIds.get(u.email) === ecr.requesterId)!.email;
    record(requester, ecr.createdAt, "ecr.created", "ecr", ecr.number, { title: ecr.title });
    if (ecr.submittedAt) record(requester, ecr.submittedAt, "ecr.submitted", "ecr", ecr.number, { from: "draft", to: "submitted", comment: null });
    if (ecr.decidedAt) record(reviewer, ecr.decidedAt, `ecr.${ecr.status}`, "ecr", ecr.number, { from: "submitted", to: ecr.status, comment: null });
  }

  async function sign(ecoId: number, number: string, email: string, contentHash: string, signedAt: Date) {
    const signer = userDefs.find((u) => u.email === email)!;
    const meaning = signatureMeaning("approved", signer.role);
    const [signature] = await db.insert(ecoApprovals).values({ ecoId, userId: user(email), signerName: signer.name, role: signer.role, decision: "approved", meaning, contentHash, signedAt }).returning();
    record(email, signedAt, "eco.signed", "eco", number, { signatureId: signature!.id, signer: signer.name, role: signer.role, decision: "approved", meaning, comment: null, contentHash });
  }
}
