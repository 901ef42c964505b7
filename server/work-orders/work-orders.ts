import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { areas, lines, partRevisions, parts, sites, units, workOrders } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { can, type SessionUser } from "@/server/auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/errors";
import { code, recordId, text } from "@/server/input";

import { transitions, workOrderActions, workOrderStatuses } from "./transitions";

const workOrderNumber = code
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, "A work order number is 1 to 40 letters, digits, . _ / or - (for example WO-2026-0815).");

export const createWorkOrderInput = z.strictObject({
  number: workOrderNumber,
  partNumber: code.min(1, "Choose the part to build."),
  /** Empty: the part's released revision. */
  revision: text(8).trim().optional(),
  qty: z.number().int("The quantity is a whole number.").min(1, "The quantity is at least 1.").max(1_000_000, "The quantity is at most 1,000,000."),
  line: code.min(1, "Choose the line that builds it."),
  dueDate: z.iso.date("The due date is a date like 2026-12-24.").optional(),
  serialPrefix: code.regex(/^[A-Za-z0-9._/-]{1,40}$/, "A serial prefix is 1 to 40 letters, digits, . _ / or -.").optional(),
  release: z.boolean().default(false),
});

export const transitionWorkOrderInput = z.strictObject({
  number: workOrderNumber,
  action: z.enum(workOrderActions),
  reason: text(500).trim().optional(),
});

/** Not strict: the portal's infinite query adds its own `direction` (unknown query parameters are ignored, docs/api.md). */
export const listWorkOrdersInput = z.object({
  status: z.enum(workOrderStatuses).optional(),
  line: code.optional(),
  /** The id of the last row of the previous page (newest first). */
  cursor: recordId.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

const unitCounts = {
  started: sql<number>`(select count(*)::int from ${units} where ${units.workOrderId} = ${workOrders.id})`,
  completed: sql<number>`(select count(*)::int from ${units} where ${units.workOrderId} = ${workOrders.id} and ${units.status} = 'complete')`,
};

export async function listWorkOrders(db: DbOrTx, input: z.input<typeof listWorkOrdersInput>) {
  const { status, line, cursor, limit } = listWorkOrdersInput.parse(input);
  const rows = await db
    .select({
      id: workOrders.id,
      number: workOrders.number,
      status: workOrders.status,
      qty: workOrders.qty,
      dueDate: workOrders.dueDate,
      serialPrefix: workOrders.serialPrefix,
      createdAt: workOrders.createdAt,
      partNumber: parts.partNumber,
      partName: parts.name,
      revision: partRevisions.revision,
      lineCode: lines.code,
      lineName: lines.name,
      ...unitCounts,
    })
    .from(workOrders)
    .innerJoin(partRevisions, eq(partRevisions.id, workOrders.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .innerJoin(lines, eq(lines.id, workOrders.lineId))
    .where(and(status ? eq(workOrders.status, status) : undefined, line ? eq(lines.code, line) : undefined, cursor ? lt(workOrders.id, cursor) : undefined))
    .orderBy(desc(workOrders.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** What a new order may name: parts that have a released revision, and the lines. */
export async function listWorkOrderChoices(db: DbOrTx) {
  const [released, allLines] = await Promise.all([
    db
      .select({ partNumber: parts.partNumber, name: parts.name, revision: partRevisions.revision })
      .from(parts)
      .innerJoin(partRevisions, and(eq(partRevisions.partId, parts.id), eq(partRevisions.status, "released")))
      .orderBy(parts.partNumber),
    db.select({ code: lines.code, name: lines.name }).from(lines).orderBy(lines.code),
  ]);
  return { parts: released, lines: allLines };
}

/** The lines in service with this code: exactly one, or why not. */
export function chooseLine<L extends { path: string }>(code: string, found: L[]): L | string {
  const [line, ...others] = found;
  if (!line) return `No line in service has the code "${code}".`;
  if (others.length > 0) return `Several lines have the code "${code}" (${found.map((l) => l.path).join(", ")}); give each line a code of its own first.`;
  return line;
}

/** The lines in service by code, with the plant path that tells same-coded lines apart. */
export function linesInService(db: DbOrTx, code?: string) {
  return db
    .select({ id: lines.id, code: lines.code, path: sql<string>`${sites.code} || '/' || ${areas.code} || '/' || ${lines.code}` })
    .from(lines)
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(and(code === undefined ? undefined : eq(lines.code, code), isNull(lines.retiredAt)));
}

async function resolveLine(db: DbOrTx, code: string) {
  const line = chooseLine(code, await linesInService(db, code));
  if (typeof line === "string") throw new ValidationError(line);
  return line;
}

/**
 * The revision a new order builds: the one named, which must be released, or else the part's
 * released revision (the one an ECO's effectivity made current); or why there is none.
 */
export function chooseRevision<R extends { revision: string; status: string }>(partNumber: string, revisions: R[], revision: string | undefined): R | string {
  const chosen = revision ? revisions.find((r) => r.revision === revision) : revisions.find((r) => r.status === "released");
  if (!chosen) return revision ? `${partNumber} has no revision ${revision}.` : `${partNumber} has no released revision; release one through an ECO first.`;
  if (chosen.status !== "released") return `${partNumber} rev ${chosen.revision} is ${chosen.status}; work orders build released revisions only.`;
  return chosen;
}

/** Every revision of these parts (all parts when none are named), by part number. */
export async function revisionsByPart(db: DbOrTx, partNumbers?: string[]) {
  const rows = await db
    .select({ partNumber: parts.partNumber, id: partRevisions.id, revision: partRevisions.revision, status: partRevisions.status })
    .from(parts)
    .leftJoin(partRevisions, eq(partRevisions.partId, parts.id))
    .where(partNumbers ? inArray(parts.partNumber, partNumbers) : undefined);
  const byPart = new Map<string, { id: number; revision: string; status: string }[]>();
  for (const r of rows) {
    const list = byPart.get(r.partNumber) ?? [];
    if (r.id !== null && r.revision !== null && r.status !== null) list.push({ id: r.id, revision: r.revision, status: r.status });
    byPart.set(r.partNumber, list);
  }
  return byPart;
}

async function resolveRevision(db: DbOrTx, partNumber: string, revision: string | undefined) {
  const revisions = (await revisionsByPart(db, [partNumber])).get(partNumber);
  if (!revisions) throw new ValidationError(`No part has the number "${partNumber}".`);
  const chosen = chooseRevision(partNumber, revisions, revision);
  if (typeof chosen === "string") throw new ValidationError(chosen);
  return chosen;
}

export async function createWorkOrder(db: Db, actor: SessionUser, input: z.input<typeof createWorkOrderInput>) {
  const data = createWorkOrderInput.parse(input);
  if (!can(actor.role, "planWorkOrders")) throw new ForbiddenError(`Your role (${actor.role}) may not create work orders.`);
  const revision = await resolveRevision(db, data.partNumber, data.revision);
  const line = await resolveLine(db, data.line);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(workOrders)
      .values({ number: data.number, partRevisionId: revision.id, lineId: line.id, qty: data.qty, dueDate: data.dueDate ?? null, serialPrefix: data.serialPrefix ?? null, status: data.release ? "released" : "planned" })
      .returning({ id: workOrders.id, number: workOrders.number, status: workOrders.status });
    if (!created) throw new Error("insert returned no row");
    await appendAudit(tx, {
      ...auditActor(actor),
      action: "work_order.created",
      entityType: "work_order",
      entityId: created.number,
      data: { partNumber: data.partNumber, revision: revision.revision, qty: data.qty, line: line.path, dueDate: data.dueDate, serialPrefix: data.serialPrefix, status: created.status },
    });
    return { ...created, revision: revision.revision };
  });
}

export async function transitionWorkOrder(db: Db, actor: SessionUser, input: z.input<typeof transitionWorkOrderInput>) {
  const { number, action, reason } = transitionWorkOrderInput.parse(input);
  const rule = transitions[action];
  if (!can(actor.role, rule.permission)) throw new ForbiddenError(`Your role (${actor.role}) may not ${action} work orders.`);
  if ((action === "hold" || action === "cancel") && !reason) throw new ValidationError(`Give a reason why the work order is ${rule.verb}.`);
  return db.transaction(async (tx) => {
    const [order] = await tx.select({ id: workOrders.id, status: workOrders.status }).from(workOrders).where(eq(workOrders.number, number)).for("update");
    if (!order) throw new NotFoundError(`No work order has the number "${number}".`);
    if (!rule.from.includes(order.status)) throw new ConflictError(`${number} is ${order.status.replace("_", " ")}; it cannot be ${rule.verb}.`);
    if (action === "cancel") {
      const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(units).where(eq(units.workOrderId, order.id));
      if (n > 0) throw new ConflictError(`${number} already has ${n} unit${n === 1 ? "" : "s"}; close it instead of cancelling it.`);
    }
    await tx.update(workOrders).set({ status: rule.to }).where(eq(workOrders.id, order.id));
    await appendAudit(tx, { ...auditActor(actor), action: `work_order.${action}`, entityType: "work_order", entityId: number, data: { from: order.status, to: rule.to, ...(reason ? { reason } : {}) } });
    return { number, status: rule.to };
  });
}
