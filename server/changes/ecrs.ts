import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx } from "@/db";
import { ecrAffectedParts, ecrReasonEnum, ecrs, parts, priorityEnum, users } from "@/db/schema";
import { appendAudit } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ValidationError } from "@/server/errors";

export const createEcrInput = z.object({
  title: z.string().trim().min(5, "Give the request a title of at least 5 characters.").max(200),
  problem: z.string().trim().min(10, "Describe the problem in at least 10 characters.").max(10_000),
  reason: z.enum(ecrReasonEnum.enumValues),
  priority: z.enum(priorityEnum.enumValues),
  affectedPartNumbers: z.array(z.string().trim().min(1)).max(50).default([]),
});

export async function listEcrs(db: DbOrTx) {
  return db
    .select({ id: ecrs.id, number: ecrs.number, title: ecrs.title, status: ecrs.status, priority: ecrs.priority, reason: ecrs.reason, requester: users.name, createdAt: ecrs.createdAt })
    .from(ecrs)
    .innerJoin(users, eq(users.id, ecrs.requesterId))
    .orderBy(desc(ecrs.createdAt))
    .limit(200);
}

export async function createEcr(db: Db, user: SessionUser, input: z.infer<typeof createEcrInput>) {
  return db.transaction(async (tx) => {
    const affected = input.affectedPartNumbers.length
      ? await tx.select({ id: parts.id, partNumber: parts.partNumber }).from(parts).where(sql`${parts.partNumber} = any(${input.affectedPartNumbers})`)
      : [];
    const unknown = input.affectedPartNumbers.filter((p) => !affected.some((a) => a.partNumber === p));
    if (unknown.length) throw new ValidationError(`Unknown part number(s): ${unknown.join(", ")}.`);
    // Numbers are gap-free per plant; the lock serialises concurrent requests.
    await tx.execute(sql`select pg_advisory_xact_lock(7406003)`);
    const [{ next } = { next: 1 }] = await tx.select({ next: sql<number>`coalesce(max(substring(${ecrs.number} from 5)::int), 0) + 1` }).from(ecrs);
    const number = `ECR-${String(next).padStart(4, "0")}`;
    const ecr = one(await tx.insert(ecrs).values({ number, title: input.title, problem: input.problem, reason: input.reason, priority: input.priority, requesterId: user.id }).returning());
    if (affected.length) await tx.insert(ecrAffectedParts).values(affected.map((p) => ({ ecrId: ecr.id, partId: p.id })));
    await appendAudit(tx, { actorId: user.id, actor: `${user.name} (${user.role})`, action: "ecr.created", entityType: "ecr", entityId: number, data: { title: input.title, affected: input.affectedPartNumbers } });
    return ecr;
  });
}
