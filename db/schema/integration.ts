import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { users } from "./governance";

/**
 * Every event Threadline tells the outside world about (docs/webhooks.md): the
 * row's id is the event's stable id, sent with every delivery and replay.
 */
export const events = pgTable(
  "events",
  {
    id: uuid().primaryKey().defaultRandom(),
    type: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** Line code, when the event belongs to a line. */
    line: text(),
    summary: text().notNull(),
    link: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Watchers and redelivered MQTT messages name their event so that it is emitted once. */
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("events_dedupe_key").on(t.dedupeKey), index("events_type_occurred_idx").on(t.type, t.occurredAt)],
);

export const webhookSubscriptions = pgTable("webhook_subscriptions", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  name: text().notNull(),
  url: text().notNull(),
  eventTypes: text().array().notNull(),
  /** Line codes; empty: every line, and the events that belong to none. */
  lines: text().array().notNull().default(sql`'{}'::text[]`),
  /** The signing key: HMAC needs it in clear; only administrators read this table, and the UI shows it once. */
  secret: text().notNull(),
  isEnabled: boolean().notNull().default(true),
  /** Set when a delivery failed its last attempt; cleared by the next successful delivery. */
  failingSince: timestamp({ withTimezone: true }),
  createdById: integer().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One row per delivery attempt, successful or not. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    subscriptionId: integer()
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    attempt: integer().notNull(),
    isSuccess: boolean().notNull(),
    statusCode: integer(),
    responseMs: integer(),
    error: text(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.id), index("webhook_deliveries_event_idx").on(t.eventId)],
);

export type EventRow = typeof events.$inferSelect;
export type WebhookSubscription = typeof webhookSubscriptions.$inferSelect;
