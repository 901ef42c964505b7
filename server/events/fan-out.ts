import type { Db } from "@/db";
import { enqueueMails } from "@/server/jobs/mail-jobs";
import type { MailConfig } from "@/server/notifications/mail";
import { notifyPeople } from "@/server/notifications/notify";
import { enqueueDeliveries } from "@/server/webhooks/deliver";

import { loadEvent } from "./emit";

export interface FanOutSettings {
  webhookMaxAttempts: number;
  mail: MailConfig;
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
    // Only the inbox rows this run created come back as mails: a second run sends nothing twice.
    const { mails } = await notifyPeople(tx, event, settings.mail);
    await enqueueMails(tx, mails);
  });
}
