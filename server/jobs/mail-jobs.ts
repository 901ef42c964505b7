import { z } from "zod";

import { execute, type SqlExecutor } from "@/server/events/emit";
import type { MailJob } from "@/server/notifications/mail";

export const mailJobSchema = z.object({ to: z.string().min(1), subject: z.string(), text: z.string() });

/** SMTP outages are retried like webhooks: graphile-worker's backoff over about a day (docs/notifications.md). */
const MAIL_MAX_ATTEMPTS = 13;

/** Queues e-mails in the caller's transaction, so they are sent if and only if it commits. */
export async function enqueueMails(executor: SqlExecutor, mails: MailJob[]) {
  for (const mail of mails) {
    await execute(executor, `select graphile_worker.add_job('send_mail', $1::text::json, max_attempts => $2::int)`, [JSON.stringify(mail), MAIL_MAX_ATTEMPTS]);
  }
}
