import type { Db } from "@/db";
import { enqueueDeliveries } from "@/server/webhooks/deliver";

import { loadEvent } from "./emit";

export interface FanOutSettings {
  webhookMaxAttempts: number;
}

/**
 * The `fan_out` job of one event: in one transaction, each consumer enqueues
 * its own durable work for it (webhooks: one delivery job per subscription).
 * The job may run more than once (at least once), so each consumer dedupes by
 * the event id.
 */
export async function fanOut(db: Db, eventId: string, settings: FanOutSettings) {
  await db.transaction(async (tx) => {
    const event = await loadEvent(tx, eventId);
    if (!event) return;
    await enqueueDeliveries(tx, event, settings.webhookMaxAttempts);
  });
}
