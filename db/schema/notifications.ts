import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import type { EventType } from "@/server/events/catalog";

import { users } from "./governance";

/** How a person gets e-mail for the events they follow; the inbox gets them either way (docs/notifications.md). */
export const notificationEmailEnum = pgEnum("notification_email", ["off", "immediate", "digest"]);

/** A user without a row follows their role's defaults (server/notifications/preferences.ts). */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: integer()
    .primaryKey()
    .references(() => users.id),
  eventTypes: text().array().$type<EventType[]>().notNull(),
  /** Line codes to follow; empty follows every line. Events without a line ignore it. */
  lines: text().array().notNull().default(sql`'{}'`),
  email: notificationEmailEnum().notNull().default("immediate"),
  /** IANA zone the digest hour is read in; null: the home site's. */
  timeZone: text(),
  lastDigestAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One event in one person's inbox: the envelope (server/events/catalog.ts) as it was delivered. */
export const notifications = pgTable(
  "notifications",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    eventId: uuid().notNull(),
    type: text().$type<EventType>().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    line: text(),
    summary: text().notNull(),
    link: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Delivery upstream is at least once: the same event lands once per person.
    uniqueIndex("notifications_user_event_key").on(t.userId, t.eventId),
    index("notifications_user_id_idx").on(t.userId, t.id),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);
export type Notification = typeof notifications.$inferSelect;
