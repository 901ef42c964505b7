import { and, getTableColumns, asc, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx } from "@/db";
import { auditLog, ecoEcrs, ecos, ecrAffectedParts, ecrReasonEnum, ecrs, ecrStatusEnum, parts, priorityEnum, users, type Ecr } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { can, type SessionUser } from "@/server/auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/errors";
import { emitEvent } from "@/server/events/emit";
import { code, recordId, text } from "@/server/input";

import { listAttachments } from "./attachments";
import { evidenceKinds } from "./evidence-kinds";
import { resolveEvidence } from "./evidence-links";

export const evidenceItem = z.object({
  kind: z.enum(evidenceKinds, "Evidence is a unit, lot, measurement, operation or document."),
  ref: text(200).trim().min(1, "Evidence needs a reference (serial, lot number, …)."),
});

const ecrFields = {
  title: text(200).trim().min(5, "Give the request a title of at least 5 characters."),
  problem: text(10_000).trim().min(10, "Describe the problem in at least 10 characters."),
  reason: z.enum(ecrReasonEnum.enumValues, "Choose a reason: defect, cost, supplier, customer or regulatory."),
  priority: z.enum(priorityEnum.enumValues, "Choose a priority: low, medium, high or critical."),
  affectedPartNumbers: z.array(code.min(1)).max(50).default([]),
  evidence: z.array(evidenceItem).max(50).default([]),
};

export const createEcrInput = z.object(ecrFields);
export const updateEcrInput = z.object({ number: code.min(1), ...ecrFields });
export const ecrActionInput = z.object({
  number: code.min(1),
  action: z.enum(["submit", "startReview", "approve", "reject"]),
  comment: text(5000).trim().optional(),
});
export const ecrListInput = z
  .object({
    status: z.enum(ecrStatusEnum.enumValues).optional(),
    partNumber: code.min(1).optional(),
    requesterId: recordId.optional(),
    /** Only requests older than this many days, to find the ones that stall. */
    minAgeDays: z.number().int().min(0).max(3650).optional(),
    limit: z.number().int().min(1).max(200).default(100),
  })
  .default({ limit: 100 });

export async function listEcrs(db: DbOrTx, filters: z.infer<typeof ecrListInput> = { limit: 200 }) {
  const where: SQL[] = [];
  if (filters.status) where.push(eq(ecrs.status, filters.status));
  if (filters.requesterId) where.push(eq(ecrs.requesterId, filters.requesterId));
  if (filters.minAgeDays !== undefined) where.push(lte(ecrs.createdAt, sql`now() - make_interval(days => ${filters.minAgeDays})`));
  if (filters.partNumber) {
    where.push(sql`exists (select 1 from ${ecrAffectedParts} join ${parts} on ${parts.id} = ${ecrAffectedParts.partId} where ${ecrAffectedParts.ecrId} = ${ecrs.id} and ${parts.partNumber} = ${filters.partNumber})`);
  }
  return db
    .select({
      id: ecrs.id,
      number: ecrs.number,
      title: ecrs.title,
      status: ecrs.status,
      priority: ecrs.priority,
      reason: ecrs.reason,
      requesterId: ecrs.requesterId,
      requester: users.name,
      createdAt: ecrs.createdAt,
      submittedAt: ecrs.submittedAt,
      parts: sql<string[]>`coalesce((select array_agg(${parts.partNumber} order by ${parts.partNumber}) from ${ecrAffectedParts} join ${parts} on ${parts.id} = ${ecrAffectedParts.partId} where ${ecrAffectedParts.ecrId} = ${ecrs.id}), '{}')`,
    })
    .from(ecrs)
    .innerJoin(users, eq(users.id, ecrs.requesterId))
    .where(and(...where))
    .orderBy(desc(ecrs.createdAt), desc(ecrs.id))
    .limit(filters.limit);
}

/** Requests an engineer could pick up: submitted by someone else, or in their own review. */
export async function ecrsWaitingForReview(db: DbOrTx, user: SessionUser) {
  if (!can(user.role, "authorChanges")) return [];
  return db
    .select({ number: ecrs.number, title: ecrs.title, status: ecrs.status, priority: ecrs.priority, submittedAt: ecrs.submittedAt })
    .from(ecrs)
    .where(sql`${ecrs.requesterId} <> ${user.id} and (${ecrs.status} = 'submitted' or (${ecrs.status} = 'in_review' and ${ecrs.reviewerId} = ${user.id}))`)
    .orderBy(asc(ecrs.submittedAt));
}

async function resolveParts(db: DbOrTx, partNumbers: string[]) {
  const unique = [...new Set(partNumbers)];
  const found = unique.length ? await db.select({ id: parts.id, partNumber: parts.partNumber }).from(parts).where(inArray(parts.partNumber, unique)) : [];
  const unknown = unique.filter((p) => !found.some((a) => a.partNumber === p));
  if (unknown.length) throw new ValidationError(`Unknown part number(s): ${unknown.join(", ")}.`);
  return found;
}

export async function createEcr(db: Db, user: SessionUser, input: z.input<typeof createEcrInput>) {
  const data = createEcrInput.parse(input);
  return db.transaction(async (tx) => {
    const affected = await resolveParts(tx, data.affectedPartNumbers);
    // Numbers are gap-free per plant; the lock serialises concurrent requests.
    await tx.execute(sql`select pg_advisory_xact_lock(7406003)`);
    const [{ next } = { next: 1 }] = await tx.select({ next: sql<number>`coalesce(max(substring(${ecrs.number} from 5)::int), 0) + 1` }).from(ecrs);
    const number = `ECR-${String(next).padStart(4, "0")}`;
    const ecr = one(
      await tx.insert(ecrs).values({ number, title: data.title, problem: data.problem, reason: data.reason, priority: data.priority, evidence: data.evidence, requesterId: user.id }).returning(),
    );
    if (affected.length) await tx.insert(ecrAffectedParts).values(affected.map((p) => ({ ecrId: ecr.id, partId: p.id })));
    await appendAudit(tx, { ...auditActor(user), action: "ecr.created", entityType: "ecr", entityId: number, data: { title: data.title, affected: data.affectedPartNumbers, evidence: data.evidence } });
    return ecr;
  });
}

async function lockEcr(db: DbOrTx, number: string): Promise<Ecr> {
  const [ecr] = await db.select().from(ecrs).where(eq(ecrs.number, number)).for("update");
  if (!ecr) throw new NotFoundError(`No change request has the number "${number}".`);
  return ecr;
}

export async function updateEcr(db: Db, user: SessionUser, input: z.input<typeof updateEcrInput>) {
  const data = updateEcrInput.parse(input);
  return db.transaction(async (tx) => {
    const ecr = await lockEcr(tx, data.number);
    if (ecr.requesterId !== user.id && user.role !== "admin") throw new ForbiddenError(`Only the requester may edit ${ecr.number}.`);
    if (ecr.status !== "draft") throw new ConflictError(`${ecr.number} is ${ecr.status.replace("_", " ")}; only a draft request can be edited.`);
    const affected = await resolveParts(tx, data.affectedPartNumbers);
    const updated = one(
      await tx.update(ecrs).set({ title: data.title, problem: data.problem, reason: data.reason, priority: data.priority, evidence: data.evidence, updatedAt: new Date() }).where(eq(ecrs.id, ecr.id)).returning(),
    );
    await tx.delete(ecrAffectedParts).where(eq(ecrAffectedParts.ecrId, ecr.id));
    if (affected.length) await tx.insert(ecrAffectedParts).values(affected.map((p) => ({ ecrId: ecr.id, partId: p.id })));
    await appendAudit(tx, { ...auditActor(user), action: "ecr.edited", entityType: "ecr", entityId: ecr.number, data: { title: data.title, affected: data.affectedPartNumbers } });
    return updated;
  });
}

/** draft → submitted → in_review → approved | rejected; each step audited in the same transaction. */
export async function transitionEcr(db: Db, user: SessionUser, input: z.input<typeof ecrActionInput>) {
  const { number, action, comment } = ecrActionInput.parse(input);
  return db.transaction(async (tx) => {
    const ecr = await lockEcr(tx, number);
    const isRequester = ecr.requesterId === user.id;
    const state = ecr.status.replace("_", " ");
    const now = new Date();
    let set: Partial<Ecr>;
    switch (action) {
      case "submit":
        if (!isRequester && user.role !== "admin") throw new ForbiddenError(`Only the requester may submit ${ecr.number}.`);
        if (ecr.status !== "draft") throw new ConflictError(`${ecr.number} is already ${state}.`);
        set = { status: "submitted", submittedAt: now };
        break;
      case "startReview":
        if (isRequester) throw new ForbiddenError(`You raised ${ecr.number}; another engineer must review it.`);
        if (ecr.status !== "submitted") throw new ConflictError(`${ecr.number} is ${state}; only a submitted request can be taken into review.`);
        set = { status: "in_review", reviewerId: user.id };
        break;
      case "approve":
      case "reject":
        if (isRequester) throw new ForbiddenError(`You raised ${ecr.number}; another engineer must decide it.`);
        if (ecr.status !== "in_review") throw new ConflictError(`${ecr.number} is ${state}; take it into review before deciding.`);
        if (action === "reject" && !comment) throw new ValidationError("A rejection needs a comment that says why.");
        set = { status: action === "approve" ? "approved" : "rejected", reviewerId: user.id, decidedAt: now, decisionComment: comment || null };
        break;
    }
    const updated = one(await tx.update(ecrs).set({ ...set, updatedAt: now }).where(eq(ecrs.id, ecr.id)).returning());
    await appendAudit(tx, { ...auditActor(user), action: `ecr.${updated.status}`, entityType: "ecr", entityId: ecr.number, data: { from: ecr.status, to: updated.status, comment: comment || null } });
    if (updated.status === "submitted" || updated.status === "approved" || updated.status === "rejected") {
      await emitEvent(tx, {
        type: updated.status === "submitted" ? "ecr.submitted" : "ecr.decided",
        summary: `${ecr.number} "${ecr.title}" was ${updated.status} by ${user.name}${comment ? `: ${comment}` : "."}`,
        link: `/changes/ecrs/${ecr.number}`,
        data: { ecr: ecr.number, title: ecr.title, status: updated.status, by: user.name, comment: comment || null },
      });
    }
    return updated;
  });
}

export async function auditHistory(db: DbOrTx, entityType: string, entityId: string) {
  return db
    .select({ seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, data: auditLog.data })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.seq));
}

export async function getEcr(db: DbOrTx, number: string) {
  const [ecr] = await db
    .select({ ecr: getTableColumns(ecrs), requester: users.name, reviewer: sql<string | null>`(select r.name from users r where r.id = ${ecrs.reviewerId})` })
    .from(ecrs)
    .innerJoin(users, eq(users.id, ecrs.requesterId))
    .where(eq(ecrs.number, number));
  if (!ecr) throw new NotFoundError(`No change request has the number "${number}".`);
  const [affected, orders, attachments, history] = await Promise.all([
    db
      .select({ partNumber: parts.partNumber, name: parts.name })
      .from(ecrAffectedParts)
      .innerJoin(parts, eq(parts.id, ecrAffectedParts.partId))
      .where(eq(ecrAffectedParts.ecrId, ecr.ecr.id))
      .orderBy(asc(parts.partNumber)),
    db
      .select({ number: ecos.number, title: ecos.title, status: ecos.status })
      .from(ecoEcrs)
      .innerJoin(ecos, eq(ecos.id, ecoEcrs.ecoId))
      .where(eq(ecoEcrs.ecrId, ecr.ecr.id))
      .orderBy(asc(ecos.number)),
    listAttachments(db, ecr.ecr.id),
    auditHistory(db, "ecr", number),
  ]);
  return {
    ...ecr.ecr,
    requester: ecr.requester,
    reviewer: ecr.reviewer,
    affectedParts: affected,
    evidenceLinks: await resolveEvidence(db, ecr.ecr.evidence, affected.map((p) => p.partNumber)),
    attachments,
    ecos: orders,
    history,
  };
}

/** Parts an ECR may name, and the make parts an ECO may revise. */
export async function listParts(db: DbOrTx) {
  return db.select({ partNumber: parts.partNumber, name: parts.name, makeBuy: parts.makeBuy }).from(parts).orderBy(asc(parts.partNumber));
}

/** People who own a request or an order, for the owner filter. */
export async function listOwners(db: DbOrTx) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(sql`${users.id} in (select requester_id from ecrs union select author_id from ecos)`)
    .orderBy(asc(users.name));
}
