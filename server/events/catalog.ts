import { z } from "zod";

/**
 * What Threadline tells the outside world and its people about (docs/webhooks.md).
 * One envelope for every consumer: webhooks, e-mail and the in-app inbox all
 * receive the same event, with the same stable id, at least once.
 */
export const eventTypes = [
  "alarm.raised",
  "alarm.cleared",
  "station.down",
  "unit.held",
  "unit.released",
  "lot.held",
  "lot.released",
  "ecr.submitted",
  "ecr.decided",
  "eco.awaiting_signature",
  "eco.released",
  "dead_letters.spike",
  "worker.down",
  "webhook.failing",
  "webhook.test",
] as const;
export type EventType = (typeof eventTypes)[number];
export const eventTypeSchema = z.enum(eventTypes);

export const eventLabels: Record<EventType, string> = {
  "alarm.raised": "Alarm raised",
  "alarm.cleared": "Alarm cleared",
  "station.down": "Station down longer than the alert threshold",
  "unit.held": "Unit put on hold",
  "unit.released": "Unit released from hold",
  "lot.held": "Lot put on hold",
  "lot.released": "Lot released from hold",
  "ecr.submitted": "Change request submitted",
  "ecr.decided": "Change request approved or rejected",
  "eco.awaiting_signature": "Change order waiting for a signature",
  "eco.released": "Change order released",
  "dead_letters.spike": "Spike of rejected MQTT messages",
  "worker.down": "Ingestion worker stopped reporting",
  "webhook.failing": "Webhook marked failing",
  "webhook.test": "Test event (sent to one webhook from Admin > Webhooks)",
};
/** What a webhook can subscribe to: a test event goes to the one subscription it is sent to. */
export type SubscribableEventType = Exclude<EventType, "webhook.test">;
export const subscribableEventTypes = eventTypes.filter((t): t is SubscribableEventType => t !== "webhook.test");

/** The envelope, as a webhook body carries it and the inbox stores it. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: eventTypeSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  /** The line the event belongs to, when it belongs to one: preferences filter on it. */
  line: z.string().nullable(),
  /** One sentence a person understands without opening anything. */
  summary: z.string(),
  /** Portal path that shows the subject (an ECO, a unit, a station). */
  link: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type ThreadlineEvent = z.infer<typeof eventEnvelopeSchema>;
