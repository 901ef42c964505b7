import { and, eq, isNull } from "drizzle-orm";

import type { Db } from "@/db";
import { alarms, users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError } from "@/server/errors";
import { notifyRealtime } from "@/server/realtime/notify";

export async function acknowledgeAlarm(db: Db, user: SessionUser, alarmId: number) {
  return db.transaction(async (tx) => {
    const [alarm] = await tx
      .update(alarms)
      .set({ acknowledgedAt: new Date(), acknowledgedById: user.id })
      .where(and(eq(alarms.id, alarmId), isNull(alarms.acknowledgedAt)))
      .returning();
    if (!alarm) {
      const [existing] = await tx.select({ at: alarms.acknowledgedAt, by: users.name }).from(alarms).leftJoin(users, eq(users.id, alarms.acknowledgedById)).where(eq(alarms.id, alarmId));
      if (!existing) throw new NotFoundError(`Alarm ${alarmId} does not exist.`);
      throw new ConflictError(`Alarm ${alarmId} was already acknowledged by ${existing.by ?? "someone"}.`);
    }
    await appendAudit(tx, { ...auditActor(user), action: "alarm.acknowledged", entityType: "alarm", entityId: String(alarmId), data: { code: alarm.code, stationId: alarm.stationId } });
    await notifyRealtime(tx, "alarm", [alarm.stationId]);
    return alarm;
  });
}
