import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { notificationPreferences, notifications } from "@/db/schema";
import { homeTimeZone } from "@/server/equipment/time-zones";

import { absoluteLink, headline, mailConfig, preferencesFooter, type MailConfig, type MailJob } from "./mail";

const DAY_MS = 86_400_000;

/**
 * The daily digests due at `now` (docs/notifications.md): one mail per person on the digest whose
 * DIGEST_HOUR has passed in their zone (or the home site's) since their last digest, listing the
 * notifications they have not read that arrived since then, a day at most. Records each digest as
 * sent, so run it and the enqueueing of the mails in one transaction; running it more often than
 * daily (say hourly) is what makes the hour hold.
 */
export async function buildDigests(db: DbOrTx, now: Date, config: MailConfig = mailConfig()): Promise<MailJob[]> {
  if (!config.smtpUrl) return [];
  const siteZone = await homeTimeZone(db);
  return db.transaction(async (tx) => {
    // The last time the digest hour struck in each reader's zone, at or before now.
    const due = await tx.execute<{ user_id: number; email: string; last_digest_at: string | null; due_at: string }>(sql`
      with readers as (
        select p.user_id, u.email, p.last_digest_at, (${now.toISOString()}::timestamptz at time zone coalesce(p.time_zone, ${siteZone})) as local_now,
          coalesce(p.time_zone, ${siteZone}) as zone
        from notification_preferences p join users u on u.id = p.user_id
        where p.email = 'digest' and u.is_active
        for update of p skip locked
      ), struck as (
        select *, date_trunc('day', local_now) + make_interval(hours => ${config.digestHour}) as local_due from readers
      )
      select user_id, email, last_digest_at, ((case when local_due > local_now then local_due - interval '1 day' else local_due end) at time zone zone) as due_at
      from struck`);
    const readers = due.filter((r) => !r.last_digest_at || new Date(r.last_digest_at) < new Date(r.due_at));
    if (readers.length === 0) return [];

    const mails: MailJob[] = [];
    for (const reader of readers) {
      const dueAt = new Date(reader.due_at);
      const since = new Date(Math.max(dueAt.getTime() - DAY_MS, reader.last_digest_at ? new Date(reader.last_digest_at).getTime() : 0));
      const unread = await tx
        .select({ type: notifications.type, summary: notifications.summary, link: notifications.link, line: notifications.line })
        .from(notifications)
        .where(and(eq(notifications.userId, reader.user_id), isNull(notifications.readAt), gt(notifications.createdAt, since), lte(notifications.createdAt, now)))
        .orderBy(asc(notifications.id));
      if (unread.length > 0) mails.push(digestMail(reader.email, unread, config));
    }
    await tx
      .update(notificationPreferences)
      .set({ lastDigestAt: now })
      .where(inArray(notificationPreferences.userId, readers.map((r) => r.user_id)));
    return mails;
  });
}

function digestMail(to: string, items: { type: Parameters<typeof headline>[0]; summary: string; link: string | null; line: string | null }[], config: MailConfig): MailJob {
  const body = items.map((n) => [`- ${headline(n.type)}${n.line ? ` (${n.line})` : ""}: ${n.summary}`, n.link ? `  ${absoluteLink(n.link, config)}` : null].filter(Boolean).join("\n"));
  return {
    to,
    subject: `Threadline daily digest: ${items.length} unread notification${items.length === 1 ? "" : "s"}`,
    text: [...body, "", `Your inbox: ${absoluteLink("/inbox", config)}`, preferencesFooter(config)].join("\n"),
  };
}
