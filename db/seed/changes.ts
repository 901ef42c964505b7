import { eq } from "drizzle-orm";

import { appendAudit } from "@/server/audit/audit-log";
import { currentEcoHash } from "@/server/changes/eco-content";

import type { Db } from "../index";
import { bomLines, ecoApprovals, ecoEcrs, ecoRevisionChanges, ecos, ecrAffectedParts, ecrs, operationCharacteristics, partRevisions, routingOperations } from "../schema";
import { userDefs } from "./factory";
import type { MasterData } from "./master-data";

const DAY = 24 * 3600_000;

/**
 * Change history: the released ECO that made CP-40 rev B, an ECO in review
 * for a cheaper CP-60 (rev B drafted), and ECRs in other states.
 */
export async function seedChanges(db: Db, master: MasterData, now: Date, cp40RevBFrom: Date) {
  const user = (email: string) => master.userIds.get(email)!;
  const actor = (email: string) => {
    const u = userDefs.find((d) => d.email === email)!;
    return { actorId: user(email), actor: `${u.name} (${u.role})` };
  };
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
      evidence: [{ kind: "operation", ref: "CP40-ASM/OP50" }],
      createdAt: new Date(ecr1Submitted.getTime() - DAY),
      submittedAt: ecr1Submitted,
      decidedAt: new Date(ecr1Submitted.getTime() + 2 * DAY),
    })
    .returning();
  await db.insert(ecrAffectedParts).values({ ecrId: ecr1!.id, partId: master.partIds.get("CP40-ASM")! });

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
  for (const [email, role, meaning] of [
    [erik, "engineer", "approved as engineering"],
    [quinn, "quality", "approved as quality"],
  ] as const) {
    const signer = userDefs.find((u) => u.email === email)!;
    await db.insert(ecoApprovals).values({ ecoId: eco1!.id, userId: user(email), signerName: signer.name, role, decision: "approved", meaning, contentHash: eco1Hash, signedAt: new Date(cp40RevBFrom.getTime() - DAY) });
  }

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
    .values({ number: "ECR-0002", title: "CP-60: reduce motor screws from four to three", problem: "FEA shows three M6 screws hold the motor with a safety factor of 3.1; saves 0.04 EUR and 4 s cycle time per pump.", reason: "cost", priority: "medium", status: "approved", requesterId: user(erik), createdAt: new Date(ecr2Submitted.getTime() - DAY), submittedAt: ecr2Submitted, decidedAt: new Date(ecr2Submitted.getTime() + DAY) })
    .returning();
  await db.insert(ecrAffectedParts).values({ ecrId: ecr2!.id, partId: cp60 });
  const [eco2] = await db
    .insert(ecos)
    .values({ number: "ECO-0002", title: "CP-60: three motor screws", description: "CP60-ASM rev B: SCR-M6 quantity 4 → 3 at the motor mount.", status: "in_review", authorId: user(elena), effectivity: "date", effectivityValue: new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10), requiredRoles: ["engineer", "quality", "supervisor"], createdAt: new Date(now.getTime() - 4 * DAY) })
    .returning();
  await db.insert(ecoEcrs).values({ ecoId: eco2!.id, ecrId: ecr2!.id });
  await db.insert(ecoRevisionChanges).values({ ecoId: eco2!.id, fromRevisionId: master.revisionIds.get("CP60-ASM/A")!, toRevisionId: cp60B!.id });

  await db.insert(ecrs).values([
    { number: "ECR-0003", title: "Impeller run-out trending up on P1-030", problem: "Run-out on OP30 drifts towards the upper limit over the last two weeks; suspect press fixture wear.", reason: "defect", priority: "medium", status: "submitted", requesterId: user(quinn), createdAt: new Date(now.getTime() - 2 * DAY), submittedAt: new Date(now.getTime() - 2 * DAY) },
    { number: "ECR-0004", title: "GS1 Digital Link QR code on the pump label", problem: "A distributor asks for a QR code with GS1 Digital Link on every pump label.", reason: "customer", priority: "low", status: "draft", requesterId: user(erik), createdAt: new Date(now.getTime() - DAY) },
  ]);

  await appendAudit(db, { ...actor(quinn), action: "ecr.submitted", entityType: "ecr", entityId: "ECR-0001", data: {} });
  await appendAudit(db, { ...actor(erik), action: "eco.signed", entityType: "eco", entityId: "ECO-0001", data: { decision: "approved", role: "engineer", contentHash: eco1Hash } });
  await appendAudit(db, { ...actor(quinn), action: "eco.signed", entityType: "eco", entityId: "ECO-0001", data: { decision: "approved", role: "quality", contentHash: eco1Hash } });
  await appendAudit(db, { ...actor(elena), action: "eco.released", entityType: "eco", entityId: "ECO-0001", data: { revisions: ["CP40-ASM/B"] } });
  await appendAudit(db, { ...actor(erik), action: "ecr.submitted", entityType: "ecr", entityId: "ECR-0002", data: {} });
  await appendAudit(db, { ...actor(quinn), action: "ecr.submitted", entityType: "ecr", entityId: "ECR-0003", data: {} });
}
