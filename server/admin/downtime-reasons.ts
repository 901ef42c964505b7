import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx } from "@/db";
import { downtimeReasons, stationStateIntervals } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { NotFoundError } from "@/server/errors";
import { code, text } from "@/server/input";

export const saveDowntimeReasonInput = z.object({
  code: text(100)
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_-]{2,16}$/, "A code is 2 to 16 letters, digits, - or _ (for example MECH)."),
  name: text(80).trim().min(3, "Give the reason a name of at least 3 characters."),
  category: text(40).trim().min(2, "Give a category (Breakdown, Setup, Logistics, …)."),
});
export const setDowntimeReasonActiveInput = z.object({ code: code.min(1), isActive: z.boolean() });

/** Every reason, retired ones too, with how often supervisors used it. */
export async function listDowntimeReasons(db: DbOrTx) {
  return db
    .select({
      id: downtimeReasons.id,
      code: downtimeReasons.code,
      name: downtimeReasons.name,
      category: downtimeReasons.category,
      isActive: downtimeReasons.isActive,
      // A join, not a correlated subquery: drizzle leaves columns inside sql`` unqualified, so `id` there meant the interval's own id.
      uses: sql<number>`count(${stationStateIntervals.id})::int`,
    })
    .from(downtimeReasons)
    .leftJoin(stationStateIntervals, eq(stationStateIntervals.downtimeReasonId, downtimeReasons.id))
    .groupBy(downtimeReasons.id)
    .orderBy(asc(downtimeReasons.category), asc(downtimeReasons.name));
}

/** Adds a reason, or renames / recategorises the one with that code: intervals that carry it keep pointing at it. */
export async function saveDowntimeReason(db: Db, user: SessionUser, input: z.input<typeof saveDowntimeReasonInput>) {
  const data = saveDowntimeReasonInput.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(downtimeReasons).where(eq(downtimeReasons.code, data.code)).for("update");
    const saved = one(
      await tx
        .insert(downtimeReasons)
        .values(data)
        .onConflictDoUpdate({ target: downtimeReasons.code, set: { name: data.name, category: data.category } })
        .returning(),
    );
    await appendAudit(tx, {
      ...auditActor(user),
      action: before ? "downtime_reason.edited" : "downtime_reason.added",
      entityType: "downtime_reason",
      entityId: data.code,
      data: { name: data.name, category: data.category, ...(before ? { was: { name: before.name, category: before.category } } : {}) },
    });
    return saved;
  });
}

/** A retired reason is no longer offered; the intervals that carry it keep it. */
export async function setDowntimeReasonActive(db: Db, user: SessionUser, input: z.input<typeof setDowntimeReasonActiveInput>) {
  const { code, isActive } = setDowntimeReasonActiveInput.parse(input);
  return db.transaction(async (tx) => {
    const [updated] = await tx.update(downtimeReasons).set({ isActive }).where(eq(downtimeReasons.code, code)).returning();
    if (!updated) throw new NotFoundError(`No downtime reason has the code "${code}".`);
    await appendAudit(tx, { ...auditActor(user), action: isActive ? "downtime_reason.restored" : "downtime_reason.retired", entityType: "downtime_reason", entityId: code });
    return updated;
  });
}
