import { randomBytes } from "node:crypto";

import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { events, lines, webhookDeliveries, webhookSubscriptions } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { subscribableEventTypes } from "@/server/events/catalog";
import { execute } from "@/server/events/emit";
import { NotFoundError, ValidationError } from "@/server/errors";
import { code, recordId, text } from "@/server/input";

import { resolveWebhookAddress, type AddressPolicy } from "./address-policy";
import { enqueueDelivery } from "./deliver";

/** Prefix of every signing secret, so that people and secret scanners recognise one (docs/webhooks.md). */
export const SECRET_PREFIX = "whsec_";

export interface WebhookSettings {
  policy: AddressPolicy;
  maxAttempts: number;
}

const subscriptionFields = {
  name: text(80).trim().min(2, "Name the subscription after the system that receives it (at least 2 characters)."),
  url: text(2000).trim().min(1, "Enter the receiver's URL."),
  eventTypes: z.array(z.enum(subscribableEventTypes)).min(1, "Choose at least one event.").max(subscribableEventTypes.length),
  /** Empty: every line. */
  lines: z.array(code).max(200).default([]),
};
export const createWebhookInput = z.strictObject(subscriptionFields);
export const updateWebhookInput = z.strictObject({ id: recordId, ...subscriptionFields });
export const setWebhookEnabledInput = z.strictObject({ id: recordId, isEnabled: z.boolean() });
export const webhookIdInput = z.strictObject({ id: recordId });
export const webhookDeliveriesInput = z.strictObject({ id: recordId, limit: z.number().int().min(1).max(200).default(50) });
export const replayDeliveryInput = z.strictObject({ subscriptionId: recordId, eventId: z.uuid() });

const publicColumns = {
  id: webhookSubscriptions.id,
  name: webhookSubscriptions.name,
  url: webhookSubscriptions.url,
  eventTypes: webhookSubscriptions.eventTypes,
  lines: webhookSubscriptions.lines,
  isEnabled: webhookSubscriptions.isEnabled,
  failingSince: webhookSubscriptions.failingSince,
  createdAt: webhookSubscriptions.createdAt,
};

async function checkSubscription(db: DbOrTx, data: z.infer<typeof createWebhookInput>, settings: WebhookSettings) {
  await resolveWebhookAddress(data.url, settings.policy);
  if (data.lines.length) {
    const known = await db.select({ code: lines.code }).from(lines).where(sql`${lines.code} = any(${sql.param(data.lines)}::text[])`);
    const unknown = data.lines.filter((l) => !known.some((k) => k.code === l));
    if (unknown.length) throw new ValidationError(`No line has the code ${unknown.join(", ")}.`);
  }
}

/** Creates a subscription; its signing secret is in the answer and shown only this once. */
export async function createWebhook(db: Db, actor: SessionUser, input: z.input<typeof createWebhookInput>, settings: WebhookSettings) {
  const data = createWebhookInput.parse(input);
  await checkSubscription(db, data, settings);
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(webhookSubscriptions).values({ ...data, secret, createdById: actor.id }).returning(publicColumns);
    if (!row) throw new Error("insert returned no row");
    await appendAudit(tx, { ...auditActor(actor), action: "webhook.created", entityType: "webhook", entityId: String(row.id), data: { name: data.name, url: data.url, eventTypes: data.eventTypes, lines: data.lines } });
    return { ...row, secret };
  });
}

export async function updateWebhook(db: Db, actor: SessionUser, input: z.input<typeof updateWebhookInput>, settings: WebhookSettings) {
  const { id, ...data } = updateWebhookInput.parse(input);
  await checkSubscription(db, data, settings);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(webhookSubscriptions).set({ ...data, updatedAt: new Date() }).where(eq(webhookSubscriptions.id, id)).returning(publicColumns);
    if (!row) throw new NotFoundError(`No webhook has the id ${id}.`);
    await appendAudit(tx, { ...auditActor(actor), action: "webhook.updated", entityType: "webhook", entityId: String(id), data });
    return row;
  });
}

export async function setWebhookEnabled(db: Db, actor: SessionUser, input: z.input<typeof setWebhookEnabledInput>) {
  const { id, isEnabled } = setWebhookEnabledInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(webhookSubscriptions).set({ isEnabled, updatedAt: new Date() }).where(eq(webhookSubscriptions.id, id)).returning(publicColumns);
    if (!row) throw new NotFoundError(`No webhook has the id ${id}.`);
    await appendAudit(tx, { ...auditActor(actor), action: isEnabled ? "webhook.enabled" : "webhook.disabled", entityType: "webhook", entityId: String(id), data: { name: row.name } });
    return row;
  });
}

export function listWebhooks(db: DbOrTx) {
  return db
    .select({
      ...publicColumns,
      lastAttemptAt: sql<Date | null>`(select max(d.attempted_at) from webhook_deliveries d where d.subscription_id = ${webhookSubscriptions.id})`.mapWith((v: string | null) => (v ? new Date(v) : null)),
    })
    .from(webhookSubscriptions)
    .orderBy(desc(webhookSubscriptions.id));
}

/** Attempts newest first, with the event each one carried. */
export async function listWebhookDeliveries(db: DbOrTx, input: z.input<typeof webhookDeliveriesInput>) {
  const { id, limit } = webhookDeliveriesInput.parse(input);
  return db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      eventType: events.type,
      summary: events.summary,
      attempt: webhookDeliveries.attempt,
      isSuccess: webhookDeliveries.isSuccess,
      statusCode: webhookDeliveries.statusCode,
      responseMs: webhookDeliveries.responseMs,
      error: webhookDeliveries.error,
      attemptedAt: webhookDeliveries.attemptedAt,
    })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.subscriptionId, id))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

/** Sends the same event (same id) to the subscription again. */
export async function replayDelivery(db: Db, actor: SessionUser, input: z.input<typeof replayDeliveryInput>, settings: WebhookSettings) {
  const { subscriptionId, eventId } = replayDeliveryInput.parse(input);
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ name: webhookSubscriptions.name, type: events.type })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.eventId, eventId)))
      .limit(1);
    if (!found) throw new NotFoundError(`Event ${eventId} was never sent to webhook ${subscriptionId}.`);
    await enqueueDelivery(tx, subscriptionId, eventId, settings.maxAttempts);
    await appendAudit(tx, { ...auditActor(actor), action: "webhook.replayed", entityType: "webhook", entityId: String(subscriptionId), data: { name: found.name, eventId, eventType: found.type } });
    return { subscriptionId, eventId };
  });
}

/** A webhook.test event, delivered to this subscription only. */
export async function sendTestEvent(db: Db, actor: SessionUser, input: z.input<typeof webhookIdInput>, settings: WebhookSettings) {
  const { id } = webhookIdInput.parse(input);
  return db.transaction(async (tx) => {
    const [subscription] = await tx.select({ id: webhookSubscriptions.id, name: webhookSubscriptions.name }).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    if (!subscription) throw new NotFoundError(`No webhook has the id ${id}.`);
    // Its own row with no fan-out: a test event reaches no other subscription and no person.
    const [event] = await execute<{ id: string }>(
      tx,
      `insert into events (type, occurred_at, summary, link, data) values ('webhook.test', now(), $1, '/admin/webhooks', $2::text::jsonb) returning id::text`,
      [`Test event for webhook "${subscription.name}", sent by ${actor.name}.`, JSON.stringify({ subscriptionId: id, sentBy: actor.name })],
    );
    if (!event) throw new Error("insert returned no row");
    await enqueueDelivery(tx, id, event.id, settings.maxAttempts);
    await appendAudit(tx, { ...auditActor(actor), action: "webhook.test_sent", entityType: "webhook", entityId: String(id), data: { name: subscription.name, eventId: event.id } });
    return { eventId: event.id };
  });
}
