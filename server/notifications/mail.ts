import nodemailer from "nodemailer";

import { env } from "@/server/env";
import { eventLabels, type ThreadlineEvent } from "@/server/events/catalog";

/** One e-mail to one person, as a job payload: plain JSON, so the queue can store and retry it. */
export interface MailJob {
  to: string;
  subject: string;
  text: string;
}

export interface MailConfig {
  /** null: e-mail is off, only the inbox gets notifications. */
  smtpUrl: string | null;
  from: string;
  /** Origin that links in e-mails start with. */
  portalUrl: string;
  digestHour: number;
}

export function mailConfig(): MailConfig {
  const e = env();
  return { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM, portalUrl: e.PORTAL_URL ?? `http://localhost:${e.PORT}`, digestHour: e.DIGEST_HOUR };
}

/** "Waiting for your signature" is what the inbox and the mail say for a signature request; other events go by their label. */
export function headline(type: ThreadlineEvent["type"]) {
  return type === "eco.awaiting_signature" ? "Waiting for your signature" : eventLabels[type];
}

export function absoluteLink(path: string, config: Pick<MailConfig, "portalUrl">) {
  return new URL(path, config.portalUrl).toString();
}

export function preferencesFooter(config: Pick<MailConfig, "portalUrl">) {
  return `Choose what you are told of: ${absoluteLink("/account/notifications", config)}`;
}

/** The immediate mail for one event. */
export function eventMail(to: string, event: Pick<ThreadlineEvent, "type" | "summary" | "link" | "line">, config: Pick<MailConfig, "portalUrl">): MailJob {
  const lines = [event.summary, event.line ? `Line: ${event.line}` : null, event.link ? `Open it: ${absoluteLink(event.link, config)}` : null, "", preferencesFooter(config)];
  return { to, subject: `${headline(event.type)}: ${event.summary}`, text: lines.filter((l) => l !== null).join("\n") };
}

/**
 * Sends one mail over SMTP_URL. Throws when the server cannot be reached or refuses the mail,
 * so the job queue retries it; with e-mail off it sends nothing.
 */
export async function sendMail(job: MailJob, config: MailConfig = mailConfig()): Promise<{ isSent: boolean }> {
  if (!config.smtpUrl) return { isSent: false };
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.from, to: job.to, subject: job.subject, text: job.text });
    return { isSent: true };
  } catch (error) {
    const server = new URL(config.smtpUrl);
    throw new Error(`The mail to ${job.to} was not sent: the SMTP server ${server.hostname}:${server.port || "25"} ${error instanceof Error ? `answered: ${error.message}` : "failed"}`, { cause: error });
  } finally {
    transport.close();
  }
}
