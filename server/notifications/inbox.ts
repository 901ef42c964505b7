import { and, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { notifications } from "@/db/schema";
import type { SessionUser } from "@/server/auth/roles";
import { recordId } from "@/server/input";

import { headline } from "./mail";

export const listInboxInput = z.object({
  /** The last id of the previous page. */
  cursor: recordId.nullish(),
  isUnreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(25),
});

/** The user's own notifications, newest first. */
export async function listInbox(db: DbOrTx, user: SessionUser, input: z.input<typeof listInboxInput>) {
  const { cursor, isUnreadOnly, limit } = listInboxInput.parse(input);
  const rows = await db
    .select({ id: notifications.id, type: notifications.type, occurredAt: notifications.occurredAt, line: notifications.line, summary: notifications.summary, link: notifications.link, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), cursor ? lt(notifications.id, cursor) : undefined, isUnreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, headline: headline(r.type) }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function unreadCount(db: DbOrTx, user: SessionUser) {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export const markReadInput = z.object({ ids: z.array(recordId).min(1).max(100) });

/** Marks the user's own notifications read; ids of other people's are ignored. Returns how many changed. */
export async function markRead(db: DbOrTx, user: SessionUser, input: z.input<typeof markReadInput>) {
  const { ids } = markReadInput.parse(input);
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, user.id), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function markAllRead(db: DbOrTx, user: SessionUser) {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
