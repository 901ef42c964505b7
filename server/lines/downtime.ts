import { and, eq } from "drizzle-orm";

import { one, type Db } from "@/db";
import { downtimeReasons, stationStateIntervals } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { NotFoundError, ValidationError } from "@/server/errors";
import { notifyRealtime } from "@/server/realtime/notify";

/** A supervisor classifies a DOWN interval with a reason from the configurable list. */
export async function setDowntimeReason(db: Db, user: SessionUser, input: { intervalId: number; reasonId: number }) {
  return db.transaction(async (tx) => {
    const [interval] = await tx.select().from(stationStateIntervals).where(eq(stationStateIntervals.id, input.intervalId));
    if (!interval) throw new NotFoundError(`State interval ${input.intervalId} does not exist.`);
    if (interval.state !== "DOWN") throw new ValidationError(`Only DOWN intervals take a downtime reason; this one is ${interval.state}.`);
    const [reason] = await tx.select().from(downtimeReasons).where(and(eq(downtimeReasons.id, input.reasonId), eq(downtimeReasons.isActive, true)));
    if (!reason) throw new ValidationError(`Downtime reason ${input.reasonId} is not in the active reason list.`);
    const updated = one(
      await tx
        .update(stationStateIntervals)
        .set({ downtimeReasonId: reason.id, reasonById: user.id, reasonAt: new Date() })
        .where(eq(stationStateIntervals.id, interval.id))
        .returning(),
    );
    await appendAudit(tx, {
      ...auditActor(user),
      action: "downtime.reason_set",
      entityType: "station_state_interval",
      entityId: String(interval.id),
      data: { reason: reason.code, previousReasonId: interval.downtimeReasonId },
    });
    await notifyRealtime(tx, "downtime", [interval.stationId]);
    return updated;
  });
}
