import { and, eq, isNull } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { ecoApprovals, ecos, notificationPreferences, notifications, users, type Role } from "@/db/schema";
import { eventEnvelopeSchema, type ThreadlineEvent } from "@/server/events/catalog";

import { defaultEventTypes, mayReceive } from "./audience";
import { eventMail, mailConfig, type MailConfig, type MailJob } from "./mail";

/**
 * Who still has to sign the ECO named by `data.eco`: the board roles without an approval, minus
 * the author and whoever signed already (server/changes/signatures.ts). Read at delivery, so a
 * request that arrives after the signature tells no one.
 */
async function pendingSigners(db: DbOrTx, data: Record<string, unknown>) {
  if (typeof data.eco !== "string") return null;
  const [eco] = await db.select({ id: ecos.id, authorId: ecos.authorId, status: ecos.status, requiredRoles: ecos.requiredRoles }).from(ecos).where(eq(ecos.number, data.eco));
  if (!eco || eco.status !== "in_review") return null;
  const signed = await db.select({ userId: ecoApprovals.userId, role: ecoApprovals.role, decision: ecoApprovals.decision }).from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt)));
  const approved = new Set(signed.filter((s) => s.decision === "approved").map((s) => s.role));
  return { roles: new Set<Role>(eco.requiredRoles.filter((r) => !approved.has(r))), excluded: new Set([eco.authorId, ...signed.map((s) => s.userId)]) };
}

/**
 * Tells people of one event (docs/notifications.md): every active user whose role may receive it,
 * who follows its type (their preferences or their role's defaults) and, for an event on a line,
 * that line. A signature request ("eco.awaiting_signature", `data.eco` = the ECO number) goes
 * only to those who still have to sign.
 *
 * Writes one inbox row per person and event; delivering the same event again writes nothing
 * and returns no mail, so run this and the enqueueing of the returned mails in one transaction.
 * The mails are the immediate ones (none while e-mail is off); digest readers get theirs from
 * buildDigests.
 */
export async function notifyPeople(db: DbOrTx, input: ThreadlineEvent, config: MailConfig = mailConfig()): Promise<{ inbox: number; mails: MailJob[] }> {
  const event = eventEnvelopeSchema.parse(input);
  const candidates = await db
    .select({ id: users.id, email: users.email, role: users.role, eventTypes: notificationPreferences.eventTypes, lines: notificationPreferences.lines, mail: notificationPreferences.email })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    // API tokens' service users are never active: they cannot sign in to read an inbox.
    .where(eq(users.isActive, true));
  const signers = event.type === "eco.awaiting_signature" ? await pendingSigners(db, event.data) : undefined;

  const recipients = candidates.filter((u) => {
    if (!mayReceive(u.role, event.type)) return false;
    if (!(u.eventTypes ?? defaultEventTypes(u.role)).includes(event.type)) return false;
    if (event.line && u.lines && u.lines.length > 0 && !u.lines.includes(event.line)) return false;
    return signers === undefined || (signers !== null && signers.roles.has(u.role) && !signers.excluded.has(u.id));
  });
  if (recipients.length === 0) return { inbox: 0, mails: [] };

  const inserted = await db
    .insert(notifications)
    .values(recipients.map((u) => ({ userId: u.id, eventId: event.id, type: event.type, occurredAt: new Date(event.occurredAt), line: event.line, summary: event.summary, link: event.link, data: event.data })))
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  const isNew = new Set(inserted.map((r) => r.userId));
  const mails = config.smtpUrl ? recipients.filter((u) => isNew.has(u.id) && (u.mail ?? "immediate") === "immediate").map((u) => eventMail(u.email, event, config)) : [];
  return { inbox: inserted.length, mails };
}
