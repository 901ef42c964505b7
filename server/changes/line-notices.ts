import { and, desc, eq, gte, isNull } from "drizzle-orm";

import { one, type Db, type DbOrTx } from "@/db";
import { ecos, lineNotices, lines } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError } from "@/server/errors";


/** Open notices of released changes, newest first; acknowledged ones drop off. */
export async function listLineNotices(db: DbOrTx, options: { lineCode?: string; days?: number } = {}) {
  const since = new Date(Date.now() - (options.days ?? 30) * 86_400_000);
  return db
    .select({ id: lineNotices.id, message: lineNotices.message, createdAt: lineNotices.createdAt, lineCode: lines.code, lineName: lines.name, ecoNumber: ecos.number })
    .from(lineNotices)
    .innerJoin(lines, eq(lines.id, lineNotices.lineId))
    .leftJoin(ecos, eq(ecos.id, lineNotices.ecoId))
    .where(and(isNull(lineNotices.acknowledgedAt), gte(lineNotices.createdAt, since), options.lineCode ? eq(lines.code, options.lineCode) : undefined))
    .orderBy(desc(lineNotices.createdAt))
    .limit(20);
}

export async function acknowledgeLineNotice(db: Db, user: SessionUser, id: number) {
  return db.transaction(async (tx) => {
    const [notice] = await tx.select().from(lineNotices).where(eq(lineNotices.id, id)).for("update");
    if (!notice) throw new NotFoundError(`No line notice ${id}.`);
    if (notice.acknowledgedAt) throw new ConflictError("This notice was already acknowledged.");
    const updated = one(await tx.update(lineNotices).set({ acknowledgedAt: new Date(), acknowledgedById: user.id }).where(eq(lineNotices.id, id)).returning());
    await appendAudit(tx, { ...auditActor(user), action: "line_notice.acknowledged", entityType: "line_notice", entityId: String(id), data: { lineId: notice.lineId, ecoId: notice.ecoId } });
    return updated;
  });
}
