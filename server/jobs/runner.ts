import { Logger, run, type LogLevel, type TaskList } from "graphile-worker";
import { z } from "zod";

import { createDb, createSqlClient } from "@/db";
import { fanOut } from "@/server/events/fan-out";
import { watchDeadLetterSpike, watchStationsDown, watchWorkersDown, type WatcherSettings } from "@/server/events/watchers";
import type { AddressPolicy } from "@/server/webhooks/address-policy";
import { buildDigests } from "@/server/notifications/digest";
import { sendMail, type MailConfig } from "@/server/notifications/mail";
import { deliverWebhook } from "@/server/webhooks/deliver";

import { enqueueMails, mailJobSchema } from "./mail-jobs";

export interface JobRunnerOptions {
  databaseUrl: string;
  concurrency: number;
  webhook: { timeoutMs: number; maxAttempts: number; policy: AddressPolicy };
  /** SMTP and links for the e-mails (docs/notifications.md); smtpUrl null: the inbox only. */
  mail: MailConfig;
  /** Null: no periodic watchers in this runner (tests run them directly). */
  watchers: WatcherSettings | null;
  pollIntervalMs?: number;
  /** How long a stop waits for running jobs before aborting them (they are retried). */
  stopTimeoutMs?: number;
  log?: (message: string) => void;
}

const fanOutPayload = z.object({ eventId: z.uuid() });
const deliveryPayload = z.object({ subscriptionId: z.number().int(), eventId: z.uuid() });

/**
 * The one durable queue (graphile-worker on the portal's Postgres): event
 * fan-out, webhook deliveries, e-mails, the hourly digest and, once a minute,
 * the watchers. Runs inside
 * the ingestion worker (docs/webhooks.md).
 */
export async function startJobRunner(options: JobRunnerOptions) {
  const sql = createSqlClient(options.databaseUrl, { max: Math.min(options.concurrency, 10) });
  const db = createDb(sql);
  const taskList: TaskList = {
    fan_out: async (payload) => fanOut(db, fanOutPayload.parse(payload).eventId, { webhookMaxAttempts: options.webhook.maxAttempts, mail: options.mail }),
    deliver_webhook: async (payload, helpers) => {
      const { subscriptionId, eventId } = deliveryPayload.parse(payload);
      await deliverWebhook(sql, { subscriptionId, eventId, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts }, options.webhook, helpers.abortSignal);
    },
    // Throws while the SMTP server is down or refuses, so the queue tries again.
    send_mail: async (payload) => void (await sendMail(mailJobSchema.parse(payload), options.mail)),
    digest: async () => db.transaction(async (tx) => enqueueMails(tx, await buildDigests(tx, new Date(), options.mail))),
    watch: async () => {
      const settings = options.watchers;
      if (!settings) return;
      await watchStationsDown(sql, settings);
      await watchDeadLetterSpike(sql, settings);
      await watchWorkersDown(sql, settings);
    },
  };
  const log = options.log ?? (() => {});
  const logger = new Logger(() => (level: LogLevel, message: string) => {
    if (["error", "warning"].includes(level)) log(message);
  });
  const runner = await run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    maxPoolSize: options.concurrency + 2,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 2000,
    taskList,
    // Missed minutes are not made up after a restart: each watch looks at the present anyway.
    // The digest runs hourly: it mails each person once their own digest hour has passed (docs/notifications.md).
    crontab: options.watchers ? "* * * * * watch ?max=1\n0 * * * * digest ?max=1" : "",
    logger,
    preset: { worker: { gracefulShutdownAbortTimeout: options.stopTimeoutMs ?? 5000 } },
  });
  return {
    /** Finishes the jobs in hand (or aborts them after stopTimeoutMs; they are tried again) and closes the connections. */
    async stop() {
      await runner.stop();
      await sql.end();
    },
  };
}

export type JobRunner = Awaited<ReturnType<typeof startJobRunner>>;
