import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx, type Tx } from "@/db";
import {
  bomLines,
  ecoApprovals,
  ecoEcrs,
  ecoRevisionChanges,
  ecos,
  ecoStatusEnum,
  ecrAffectedParts,
  ecrs,
  effectivityEnum,
  operationCharacteristics,
  partRevisions,
  parts,
  routingOperations,
  users,
  workOrders,
  type Eco,
  type Role,
} from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/errors";
import { code, positiveInt, recordId, text } from "@/server/input";

import { emitAwaitingSignature } from "./change-events";
import { diffBom, diffRouting, hasChanges } from "./diff";
import { currentEcoHash, loadRevisionContent } from "./eco-content";
import { auditHistory } from "./ecrs";
import { createDraftRevision, replaceRevisionContent } from "./revisions";

const ecoNumber = code.min(1, "Which ECO?");
/** Saving an edit over existing signatures voids them; the caller must say they mean it. */
const confirmVoid = z.boolean().default(false);

const effectivityFields = {
  effectivity: z.enum(effectivityEnum.enumValues, "Effectivity is from a date, a serial number or a work order."),
  effectivityValue: text(100).trim().min(1, "Give the date, serial number or work order the change takes effect from."),
};

export const createEcoInput = z.object({
  title: text(200).trim().min(5, "Give the order a title of at least 5 characters."),
  description: text(10_000).trim().min(10, "Describe the change in at least 10 characters."),
  ecrNumbers: z.array(code.min(1)).min(1, "An ECO implements at least one approved ECR.").max(20),
  ...effectivityFields,
});
export const updateEcoInput = z.object({
  number: ecoNumber,
  title: createEcoInput.shape.title,
  description: createEcoInput.shape.description,
  ...effectivityFields,
  confirmVoidSignatures: confirmVoid,
});
export const partChangeInput = z.object({ number: ecoNumber, partNumber: code.min(1, "Which part?"), confirmVoidSignatures: confirmVoid });
export const saveRevisionInput = z.object({
  number: ecoNumber,
  partNumber: code.min(1),
  bom: z
    .array(
      z.object({
        findNumber: positiveInt,
        partNumber: code.min(1, "Every BOM line needs a part number."),
        qty: z.number().positive("BOM quantities must be greater than zero.").max(1_000_000),
        referenceDesignator: text(200).trim().nullish(),
      }),
    )
    .max(500),
  routing: z
    .array(
      z.object({
        sequence: positiveInt,
        operationCode: text(20).trim().min(1, "Every operation needs a code."),
        description: text(500).trim().min(1, "Every operation needs a description."),
        station: code.min(1).nullable(),
        workInstructionText: text(50_000).nullish(),
      }),
    )
    .max(200),
  confirmVoidSignatures: confirmVoid,
});
export const ecoListInput = z
  .object({
    status: z.enum(ecoStatusEnum.enumValues).optional(),
    partNumber: code.min(1).optional(),
    authorId: recordId.optional(),
    minAgeDays: z.number().int().min(0).max(3650).optional(),
    limit: z.number().int().min(1).max(200).default(100),
  })
  .default({ limit: 100 });

/** Checks an effectivity against the parts the ECO changes; returns the normalised value. */
export async function validateEffectivity(db: DbOrTx, effectivity: Eco["effectivity"], value: string, partIds: number[]) {
  switch (effectivity) {
    case "date": {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
      if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new ValidationError(`"${value}" is not a date; use YYYY-MM-DD.`);
      return value;
    }
    case "serial":
      if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value)) throw new ValidationError(`"${value}" is not a serial number.`);
      return value.toUpperCase();
    case "work_order": {
      const [wo] = await db
        .select({ number: workOrders.number, status: workOrders.status, partId: partRevisions.partId })
        .from(workOrders)
        .innerJoin(partRevisions, eq(partRevisions.id, workOrders.partRevisionId))
        .where(eq(workOrders.number, value.toUpperCase()));
      if (!wo) throw new ValidationError(`No work order has the number "${value}".`);
      if (partIds.length && !partIds.includes(wo.partId)) throw new ValidationError(`Work order ${wo.number} builds a part this ECO does not change.`);
      if (!["planned", "released", "in_progress"].includes(wo.status)) throw new ValidationError(`Work order ${wo.number} is ${wo.status.replace("_", " ")}; effectivity needs an open work order.`);
      return wo.number;
    }
  }
}

async function nextEcoNumber(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(7406004)`);
  const [{ next } = { next: 1 }] = await tx.select({ next: sql<number>`coalesce(max(substring(${ecos.number} from 5)::int), 0) + 1` }).from(ecos);
  return `ECO-${String(next).padStart(4, "0")}`;
}

/** Roles that must sign: engineering and quality always; production when the routing changes. */
async function boardFor(tx: DbOrTx, ecoId: number): Promise<Role[]> {
  const changes = await tx.select().from(ecoRevisionChanges).where(eq(ecoRevisionChanges.ecoId, ecoId));
  const content = await loadRevisionContent(tx, changes.flatMap((c) => (c.fromRevisionId ? [c.fromRevisionId, c.toRevisionId] : [c.toRevisionId])));
  const touchesRouting = changes.some((c) => hasChanges(diffRouting((c.fromRevisionId && content.get(c.fromRevisionId)?.routing) || [], content.get(c.toRevisionId)?.routing ?? [])));
  return touchesRouting ? ["engineer", "quality", "supervisor"] : ["engineer", "quality"];
}

export async function createEco(db: Db, user: SessionUser, input: z.input<typeof createEcoInput>) {
  const data = createEcoInput.parse(input);
  return db.transaction(async (tx) => {
    const numbers = [...new Set(data.ecrNumbers)];
    const requests = await tx.select().from(ecrs).where(inArray(ecrs.number, numbers));
    const missing = numbers.filter((n) => !requests.some((r) => r.number === n));
    if (missing.length) throw new ValidationError(`Unknown change request(s): ${missing.join(", ")}.`);
    const notApproved = requests.filter((r) => r.status !== "approved");
    if (notApproved.length) throw new ValidationError(`An ECO implements approved requests only; ${notApproved.map((r) => `${r.number} is ${r.status.replace("_", " ")}`).join(", ")}.`);

    const affected = await tx
      .selectDistinct({ id: parts.id, partNumber: parts.partNumber, makeBuy: parts.makeBuy })
      .from(ecrAffectedParts)
      .innerJoin(parts, eq(parts.id, ecrAffectedParts.partId))
      .where(inArray(ecrAffectedParts.ecrId, requests.map((r) => r.id)));
    // Made parts get their draft revision straight away; bought ones change through their parent's BOM.
    const toRevise = affected.filter((p) => p.makeBuy === "make");
    const effectivityValue = await validateEffectivity(tx, data.effectivity, data.effectivityValue, toRevise.map((p) => p.id));

    const number = await nextEcoNumber(tx);
    const eco = one(
      await tx
        .insert(ecos)
        .values({ number, title: data.title, description: data.description, authorId: user.id, effectivity: data.effectivity, effectivityValue, requiredRoles: ["engineer", "quality"] })
        .returning(),
    );
    await tx.insert(ecoEcrs).values(requests.map((r) => ({ ecoId: eco.id, ecrId: r.id })));
    const drafted: string[] = [];
    for (const part of toRevise) {
      const { from, to } = await createDraftRevision(tx, part.id, number);
      await tx.insert(ecoRevisionChanges).values({ ecoId: eco.id, fromRevisionId: from?.id ?? null, toRevisionId: to.id });
      drafted.push(`${part.partNumber}/${to.revision}`);
    }
    await appendAudit(tx, { ...auditActor(user), action: "eco.created", entityType: "eco", entityId: number, data: { title: data.title, ecrs: numbers, drafted, effectivity: data.effectivity, effectivityValue } });
    return eco;
  });
}

async function lockEco(tx: Tx, number: string) {
  const [eco] = await tx.select().from(ecos).where(eq(ecos.number, number)).for("update");
  if (!eco) throw new NotFoundError(`No change order has the number "${number}".`);
  return eco;
}

/**
 * Every edit goes through here: only the author (or an admin) edits, never a
 * released order, and an edit over signatures voids them, once confirmed.
 */
async function editEco<T>(db: Db, user: SessionUser, number: string, isConfirmed: boolean, what: string, edit: (tx: Tx, eco: Eco) => Promise<T>) {
  return db.transaction(async (tx) => {
    const eco = await lockEco(tx, number);
    if (eco.authorId !== user.id && user.role !== "admin") throw new ForbiddenError(`Only the author of ${eco.number} may edit it.`);
    if (eco.status === "released" || eco.status === "cancelled") throw new ConflictError(`${eco.number} is ${eco.status}; it can no longer be edited.`);
    const signatures = await tx.select().from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt)));
    if (signatures.length && !isConfirmed) {
      const who = signatures.map((s) => `${s.signerName} as ${s.role}`).join(", ");
      throw new ConflictError(`${eco.number} carries ${signatures.length} signature(s) (${who}). Saving this edit voids them; confirm to go ahead.`);
    }
    const before = await currentEcoHash(tx, eco.id);
    const result = await edit(tx, eco);
    const after = await currentEcoHash(tx, eco.id);
    if (before === after) return result;

    const now = new Date();
    if (signatures.length) await tx.update(ecoApprovals).set({ voidedAt: now }).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt)));
    const status = eco.status === "in_review" || eco.status === "approved" ? "in_review" : "draft";
    const requiredRoles = await boardFor(tx, eco.id);
    await tx.update(ecos).set({ status, updatedAt: now, requiredRoles }).where(eq(ecos.id, eco.id));
    await appendAudit(tx, { ...auditActor(user), action: "eco.edited", entityType: "eco", entityId: eco.number, data: { what, contentHash: after, voidedSignatures: signatures.map((s) => ({ id: s.id, signer: s.signerName, role: s.role })) } });
    if (status === "in_review") await emitAwaitingSignature(tx, eco, requiredRoles, `edited by ${user.name}; signatures given before are void`);
    return result;
  });
}

async function ecoPartIds(tx: DbOrTx, ecoId: number) {
  const rows = await tx.select({ partId: partRevisions.partId }).from(ecoRevisionChanges).innerJoin(partRevisions, eq(partRevisions.id, ecoRevisionChanges.toRevisionId)).where(eq(ecoRevisionChanges.ecoId, ecoId));
  return rows.map((r) => r.partId);
}

export async function updateEco(db: Db, user: SessionUser, input: z.input<typeof updateEcoInput>) {
  const data = updateEcoInput.parse(input);
  return editEco(db, user, data.number, data.confirmVoidSignatures, "header", async (tx, eco) => {
    const effectivityValue = await validateEffectivity(tx, data.effectivity, data.effectivityValue, await ecoPartIds(tx, eco.id));
    return one(await tx.update(ecos).set({ title: data.title, description: data.description, effectivity: data.effectivity, effectivityValue }).where(eq(ecos.id, eco.id)).returning());
  });
}

async function findPart(tx: DbOrTx, partNumber: string) {
  const [part] = await tx.select().from(parts).where(eq(parts.partNumber, partNumber));
  if (!part) throw new ValidationError(`Unknown part number: ${partNumber}.`);
  return part;
}

async function changeForPart(tx: DbOrTx, ecoId: number, partId: number) {
  const [change] = await tx
    .select({ change: ecoRevisionChanges, to: partRevisions })
    .from(ecoRevisionChanges)
    .innerJoin(partRevisions, eq(partRevisions.id, ecoRevisionChanges.toRevisionId))
    .where(and(eq(ecoRevisionChanges.ecoId, ecoId), eq(partRevisions.partId, partId)));
  return change ?? null;
}

export async function addPartChange(db: Db, user: SessionUser, input: z.input<typeof partChangeInput>) {
  const data = partChangeInput.parse(input);
  return editEco(db, user, data.number, data.confirmVoidSignatures, `added ${data.partNumber}`, async (tx, eco) => {
    const part = await findPart(tx, data.partNumber);
    if (part.makeBuy !== "make") throw new ValidationError(`${part.partNumber} is a bought part; change it through the BOM of the assembly that uses it.`);
    if (await changeForPart(tx, eco.id, part.id)) throw new ConflictError(`${eco.number} already revises ${part.partNumber}.`);
    const { from, to } = await createDraftRevision(tx, part.id, eco.number);
    await tx.insert(ecoRevisionChanges).values({ ecoId: eco.id, fromRevisionId: from?.id ?? null, toRevisionId: to.id });
    return to;
  });
}

export async function removePartChange(db: Db, user: SessionUser, input: z.input<typeof partChangeInput>) {
  const data = partChangeInput.parse(input);
  return editEco(db, user, data.number, data.confirmVoidSignatures, `removed ${data.partNumber}`, async (tx, eco) => {
    const part = await findPart(tx, data.partNumber);
    const found = await changeForPart(tx, eco.id, part.id);
    if (!found) throw new NotFoundError(`${eco.number} does not revise ${part.partNumber}.`);
    const opIds = (await tx.select({ id: routingOperations.id }).from(routingOperations).where(eq(routingOperations.partRevisionId, found.to.id))).map((o) => o.id);
    if (opIds.length) await tx.delete(operationCharacteristics).where(inArray(operationCharacteristics.routingOperationId, opIds));
    await tx.delete(routingOperations).where(eq(routingOperations.partRevisionId, found.to.id));
    await tx.delete(bomLines).where(eq(bomLines.parentRevisionId, found.to.id));
    await tx.delete(ecoRevisionChanges).where(eq(ecoRevisionChanges.id, found.change.id));
    await tx.delete(partRevisions).where(eq(partRevisions.id, found.to.id));
    return { removed: `${part.partNumber}/${found.to.revision}` };
  });
}

export async function saveRevision(db: Db, user: SessionUser, input: z.input<typeof saveRevisionInput>) {
  const data = saveRevisionInput.parse(input);
  return editEco(db, user, data.number, data.confirmVoidSignatures, `edited ${data.partNumber}`, async (tx, eco) => {
    const part = await findPart(tx, data.partNumber);
    const found = await changeForPart(tx, eco.id, part.id);
    if (!found) throw new NotFoundError(`${eco.number} does not revise ${part.partNumber}; add the part first.`);
    await replaceRevisionContent(tx, found.to, found.change.fromRevisionId, data.bom, data.routing);
    return found.to;
  });
}

export async function submitEco(db: Db, user: SessionUser, number: string) {
  return db.transaction(async (tx) => {
    const eco = await lockEco(tx, number);
    if (eco.authorId !== user.id && user.role !== "admin") throw new ForbiddenError(`Only the author of ${eco.number} may submit it for review.`);
    if (eco.status !== "draft") throw new ConflictError(`${eco.number} is ${eco.status.replace("_", " ")}; only a draft goes to review.`);
    if ((await ecoPartIds(tx, eco.id)).length === 0) throw new ValidationError(`${eco.number} changes no part yet; add a part revision before review.`);
    const requiredRoles = await boardFor(tx, eco.id);
    const updated = one(await tx.update(ecos).set({ status: "in_review", requiredRoles, updatedAt: new Date() }).where(eq(ecos.id, eco.id)).returning());
    await appendAudit(tx, { ...auditActor(user), action: "eco.submitted", entityType: "eco", entityId: eco.number, data: { requiredRoles, contentHash: await currentEcoHash(tx, eco.id) } });
    await emitAwaitingSignature(tx, eco, requiredRoles, `submitted by ${user.name}`);
    return updated;
  });
}

export const cancelEcoInput = z.object({
  number: ecoNumber,
  reason: text(2000).trim().min(5, "Say why the order is cancelled (at least 5 characters)."),
});

/** Withdraws an order that was not released; its requests stay approved for another order, its draft revisions stay as the record of what was proposed. */
export async function cancelEco(db: Db, user: SessionUser, input: z.input<typeof cancelEcoInput>) {
  const { number, reason } = cancelEcoInput.parse(input);
  return db.transaction(async (tx) => {
    const eco = await lockEco(tx, number);
    if (eco.authorId !== user.id && user.role !== "admin") throw new ForbiddenError(`Only the author of ${eco.number} may cancel it.`);
    if (eco.status === "released" || eco.status === "cancelled") throw new ConflictError(`${eco.number} is ${eco.status}; it can no longer be cancelled.`);
    const now = new Date();
    const updated = one(await tx.update(ecos).set({ status: "cancelled", cancelledAt: now, cancelReason: reason, updatedAt: now }).where(eq(ecos.id, eco.id)).returning());
    await appendAudit(tx, { ...auditActor(user), action: "eco.cancelled", entityType: "eco", entityId: eco.number, data: { from: eco.status, reason } });
    return updated;
  });
}

export async function listEcos(db: DbOrTx, filters: z.infer<typeof ecoListInput> = { limit: 200 }) {
  const where: SQL[] = [];
  if (filters.status) where.push(eq(ecos.status, filters.status));
  if (filters.authorId) where.push(eq(ecos.authorId, filters.authorId));
  if (filters.minAgeDays !== undefined) where.push(lte(ecos.createdAt, sql`now() - make_interval(days => ${filters.minAgeDays})`));
  const partsOf = sql`select ${parts.partNumber} from ${ecoRevisionChanges} join ${partRevisions} on ${partRevisions.id} = ${ecoRevisionChanges.toRevisionId} join ${parts} on ${parts.id} = ${partRevisions.partId} where ${ecoRevisionChanges.ecoId} = ${ecos.id}`;
  if (filters.partNumber) where.push(sql`${filters.partNumber} in (${partsOf})`);
  return db
    .select({
      id: ecos.id,
      number: ecos.number,
      title: ecos.title,
      status: ecos.status,
      authorId: ecos.authorId,
      author: users.name,
      requiredRoles: ecos.requiredRoles,
      effectivity: ecos.effectivity,
      effectivityValue: ecos.effectivityValue,
      createdAt: ecos.createdAt,
      releasedAt: ecos.releasedAt,
      parts: sql<string[]>`coalesce(array(${partsOf} order by 1), '{}')`,
    })
    .from(ecos)
    .innerJoin(users, eq(users.id, ecos.authorId))
    .where(and(...where))
    .orderBy(desc(ecos.createdAt), desc(ecos.id))
    .limit(filters.limit);
}

/** Roles still missing a valid approval, per ECO in review. */
async function missingRoles(db: DbOrTx, eco: Pick<Eco, "id" | "requiredRoles">) {
  const valid = await db.select({ role: ecoApprovals.role }).from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt), eq(ecoApprovals.decision, "approved")));
  return eco.requiredRoles.filter((r) => !valid.some((v) => v.role === r));
}

export async function ecosWaitingForSignature(db: DbOrTx, user: SessionUser) {
  const open = await db.select().from(ecos).where(eq(ecos.status, "in_review")).orderBy(asc(ecos.updatedAt));
  const waiting = [];
  for (const eco of open) {
    if (eco.authorId === user.id) continue;
    const [mine] = await db.select({ id: ecoApprovals.id }).from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), eq(ecoApprovals.userId, user.id), isNull(ecoApprovals.voidedAt)));
    if (mine) continue;
    const missing = await missingRoles(db, eco);
    if (user.role === "admin" ? missing.length > 0 : missing.includes(user.role)) waiting.push({ number: eco.number, title: eco.title, missing, updatedAt: eco.updatedAt });
  }
  return waiting;
}

export async function getEcoRow(db: DbOrTx, number: string) {
  const [eco] = await db.select().from(ecos).where(eq(ecos.number, number));
  if (!eco) throw new NotFoundError(`No change order has the number "${number}".`);
  return eco;
}

/** The ECO page: header, the requests it implements, each revision change as a diff, the board and its signatures. */
export async function getEco(db: DbOrTx, number: string) {
  const eco = await getEcoRow(db, number);
  const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, eco.authorId));
  const requests = await db
    .select({ number: ecrs.number, title: ecrs.title, status: ecrs.status })
    .from(ecoEcrs)
    .innerJoin(ecrs, eq(ecrs.id, ecoEcrs.ecrId))
    .where(eq(ecoEcrs.ecoId, eco.id))
    .orderBy(asc(ecrs.number));
  const changeRows = await db
    .select({ id: ecoRevisionChanges.id, fromRevisionId: ecoRevisionChanges.fromRevisionId, toRevisionId: ecoRevisionChanges.toRevisionId, partNumber: parts.partNumber, partName: parts.name, toRevision: partRevisions.revision, toStatus: partRevisions.status })
    .from(ecoRevisionChanges)
    .innerJoin(partRevisions, eq(partRevisions.id, ecoRevisionChanges.toRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .where(eq(ecoRevisionChanges.ecoId, eco.id))
    .orderBy(asc(parts.partNumber));
  const fromIds = changeRows.flatMap((c) => (c.fromRevisionId ? [c.fromRevisionId] : []));
  const fromRevisions = fromIds.length ? await db.select({ id: partRevisions.id, revision: partRevisions.revision, status: partRevisions.status }).from(partRevisions).where(inArray(partRevisions.id, fromIds)) : [];
  const content = await loadRevisionContent(db, [...fromIds, ...changeRows.map((c) => c.toRevisionId)]);
  const opIds = await db
    .select({ revisionId: routingOperations.partRevisionId, operationCode: routingOperations.operationCode, workInstructionRevisionId: routingOperations.workInstructionRevisionId })
    .from(routingOperations)
    .where(inArray(routingOperations.partRevisionId, changeRows.length ? changeRows.map((c) => c.toRevisionId) : [0]));
  const changes = changeRows.map((c) => {
    const from = fromRevisions.find((r) => r.id === c.fromRevisionId) ?? null;
    const before = (c.fromRevisionId && content.get(c.fromRevisionId)) || { bom: [], routing: [] };
    const after = content.get(c.toRevisionId) ?? { bom: [], routing: [] };
    return {
      partNumber: c.partNumber,
      partName: c.partName,
      fromRevision: from?.revision ?? null,
      fromStatus: from?.status ?? null,
      toRevision: c.toRevision,
      toStatus: c.toStatus,
      bom: after.bom,
      routing: after.routing.map((r) => ({ ...r, workInstructionRevisionId: opIds.find((o) => o.revisionId === c.toRevisionId && o.operationCode === r.operationCode)?.workInstructionRevisionId ?? null })),
      bomDiff: diffBom(before.bom, after.bom),
      routingDiff: diffRouting(before.routing, after.routing),
    };
  });
  const signatures = await db.select().from(ecoApprovals).where(eq(ecoApprovals.ecoId, eco.id)).orderBy(asc(ecoApprovals.signedAt), asc(ecoApprovals.id));
  const contentHash = await currentEcoHash(db, eco.id);
  const board = eco.requiredRoles.map((role) => ({ role, signature: signatures.find((s) => s.role === role && !s.voidedAt && s.decision === "approved") ?? null }));
  return { ...eco, author: author?.name ?? "", ecrs: requests, changes, signatures, board, contentHash, history: await auditHistory(db, "eco", eco.number) };
}

/** Approved ECRs, for the "new ECO" form. */
export async function approvedEcrs(db: DbOrTx) {
  return db.select({ number: ecrs.number, title: ecrs.title }).from(ecrs).where(eq(ecrs.status, "approved")).orderBy(desc(ecrs.number));
}
