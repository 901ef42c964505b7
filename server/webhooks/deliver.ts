import type { SqlClient } from "@/db";
import type { ThreadlineEvent } from "@/server/events/catalog";
import { emitEvent, execute, loadEvent, type SqlExecutor } from "@/server/events/emit";

import { postWebhook, type PostSettings } from "./post";

export interface DeliveryJob {
  subscriptionId: number;
  eventId: string;
  /** graphile-worker's count, this attempt included. */
  attempt: number;
  maxAttempts: number;
}

/** The job key of one event's delivery to one subscription: enqueued twice, it runs once. */
export const deliveryJobKey = (subscriptionId: number, eventId: string) => `webhook:${subscriptionId}:${eventId}`;

/** Enqueues the delivery (in the caller's transaction); does nothing while one is waiting or running. */
export async function enqueueDelivery(executor: SqlExecutor, subscriptionId: number, eventId: string, maxAttempts: number) {
  await execute(
    executor,
    `select graphile_worker.add_job('deliver_webhook', json_build_object('subscriptionId', $1::int, 'eventId', $2::text),
       max_attempts => $3::int, job_key => $4, job_key_mode => 'unsafe_dedupe') is not null as queued`,
    [subscriptionId, eventId, maxAttempts, deliveryJobKey(subscriptionId, eventId)],
  );
}

/**
 * One attempt, logged whatever happens. A failure throws, so graphile-worker
 * tries again with its exponential backoff, except after the last attempt:
 * then the subscription is marked failing (once, with a webhook.failing event)
 * and the job ends (docs/webhooks.md, "Retries").
 */
export async function deliverWebhook(sql: SqlClient, job: DeliveryJob, settings: PostSettings, signal?: AbortSignal) {
  const [subscription] = await sql<{ id: number; name: string; url: string; secret: string; isEnabled: boolean }[]>`
    select id, name, url, secret, is_enabled as "isEnabled" from webhook_subscriptions where id = ${job.subscriptionId}`;
  const event = await loadEvent(sql, job.eventId);
  if (!subscription?.isEnabled || !event) return;
  const outcome = await postWebhook(subscription, event, settings, signal);
  const isFinal = !outcome.isSuccess && job.attempt >= job.maxAttempts;
  await sql.begin(async (tx) => {
    await tx`
      insert into webhook_deliveries (subscription_id, event_id, attempt, is_success, status_code, response_ms, error)
      values (${subscription.id}, ${event.id}, ${job.attempt}, ${outcome.isSuccess}, ${outcome.statusCode}, ${outcome.responseMs}, ${outcome.error})`;
    if (outcome.isSuccess) await tx`update webhook_subscriptions set failing_since = null where id = ${subscription.id} and failing_since is not null`;
    if (!isFinal) return;
    const [marked] = await tx`update webhook_subscriptions set failing_since = now() where id = ${subscription.id} and failing_since is null returning id`;
    if (marked) {
      await emitEvent(tx, {
        type: "webhook.failing",
        summary: `Webhook "${subscription.name}" is failing: ${event.type} could not be delivered after ${job.attempt} attempts (${outcome.error ?? "no answer"}).`,
        link: `/admin/webhooks?subscription=${subscription.id}`,
        data: { subscriptionId: subscription.id, name: subscription.name, url: subscription.url, eventId: event.id, attempts: job.attempt, error: outcome.error },
      });
    }
  });
  if (!outcome.isSuccess && !isFinal) throw new Error(`webhook ${subscription.id} (${subscription.name}), event ${event.id}: ${outcome.error ?? "failed"}`);
}

/**
 * One delivery job per enabled subscription to the event's type (and line, when
 * the subscription names lines and the event has one). A fan-out that runs again
 * adds none for a subscription already delivered to or waiting.
 */
export async function enqueueDeliveries(executor: SqlExecutor, event: Pick<ThreadlineEvent, "id" | "type" | "line">, maxAttempts: number) {
  const rows = await execute<{ id: number }>(
    executor,
    `select s.id from webhook_subscriptions s
     where s.is_enabled and $1 = any(s.event_types) and ($2::text is null or cardinality(s.lines) = 0 or $2 = any(s.lines))
       and not exists (select 1 from webhook_deliveries d where d.subscription_id = s.id and d.event_id = $3::uuid)
       and graphile_worker.add_job('deliver_webhook', json_build_object('subscriptionId', s.id, 'eventId', $3::text),
             max_attempts => $4::int, job_key => 'webhook:' || s.id || ':' || $3, job_key_mode => 'unsafe_dedupe') is not null`,
    [event.type, event.line, event.id, maxAttempts],
  );
  return rows.length;
}
