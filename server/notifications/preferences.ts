import { asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { lines, notificationEmailEnum, notificationPreferences } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { timeZoneName } from "@/server/equipment/equipment";
import { homeTimeZone } from "@/server/equipment/time-zones";
import { eventLabels, eventTypeSchema } from "@/server/events/catalog";
import { code } from "@/server/input";

import { defaultEventTypes, receivableTypes } from "./audience";

export const setPreferencesInput = z.object({
  eventTypes: z.array(eventTypeSchema).max(50),
  lines: z.array(code.min(1)).max(200),
  email: z.enum(notificationEmailEnum.enumValues, "E-mail is off, immediate or a daily digest."),
  timeZone: timeZoneName.nullable(),
});
export type Preferences = z.output<typeof setPreferencesInput>;

/** The user's choices, or their role's defaults while they have made none. */
export async function loadPreferences(db: DbOrTx, user: Pick<SessionUser, "id" | "role">): Promise<Preferences & { isDefault: boolean }> {
  const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
  if (!row) return { eventTypes: defaultEventTypes(user.role), lines: [], email: "immediate", timeZone: null, isDefault: true };
  return { eventTypes: row.eventTypes, lines: row.lines, email: row.email, timeZone: row.timeZone, isDefault: false };
}

/** The preferences page: the choices and what there is to choose from. */
export async function preferencesForm(db: DbOrTx, user: SessionUser) {
  const [preferences, lineOptions, siteZone] = await Promise.all([
    loadPreferences(db, user),
    db.selectDistinct({ code: lines.code }).from(lines).where(isNull(lines.retiredAt)).orderBy(asc(lines.code)),
    homeTimeZone(db),
  ]);
  return {
    preferences,
    eventTypes: receivableTypes(user.role).map((type) => ({ type, label: eventLabels[type] })),
    lines: lineOptions.map((l) => l.code),
    siteZone,
  };
}

export async function savePreferences(db: DbOrTx, user: SessionUser, input: z.input<typeof setPreferencesInput>) {
  const data = setPreferencesInput.parse(input);
  // A role cannot follow what it may not receive; a role change keeps the choice but drops those events at delivery.
  const allowed = new Set(receivableTypes(user.role));
  const values = { ...data, eventTypes: [...new Set(data.eventTypes)].filter((t) => allowed.has(t)), lines: [...new Set(data.lines)], updatedAt: new Date() };
  return db.transaction(async (tx) => {
    await tx
      .insert(notificationPreferences)
      .values({ userId: user.id, ...values })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
    await appendAudit(tx, { ...auditActor(user), action: "notification_preferences.saved", entityType: "user", entityId: String(user.id), data: { eventTypes: values.eventTypes, lines: values.lines, email: values.email, timeZone: values.timeZone } });
    return loadPreferences(tx, user);
  });
}
