import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { notificationPreferences, notifications, users } from "@/db/schema";
import { seedChanges } from "@/db/seed/changes";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/roles";
import { emitAwaitingSignature } from "@/server/changes/change-events";
import type { ThreadlineEvent } from "@/server/events/catalog";
import { startJobRunner } from "@/server/jobs/runner";
import { openTestDb } from "@/server/testing/database";
import { freePort, waitFor } from "@/server/testing/support";

import { buildDigests } from "./digest";
import { sendMail, type MailConfig } from "./mail";
import { notifyPeople } from "./notify";

/** A real SMTP server that asks for the credentials in SMTP_URL and keeps what it receives. */
async function startSmtpServer() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => (auth.username === "mailer" && auth.password === "s3cret" ? callback(null, { user: auth.username }) : callback(new Error("Invalid credentials"))),
    onData: (stream, _session, callback) => {
      simpleParser(stream).then((mail) => (received.push(mail), callback()), callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { received, url: `smtp://mailer:s3cret@127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const recipient = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));

function event(type: ThreadlineEvent["type"], fields: Partial<ThreadlineEvent> = {}): ThreadlineEvent {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), line: null, summary: `${type} happened.`, link: null, data: {}, ...fields };
}

describe("notifications for people", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let config: MailConfig;
  const people = new Map<string, SessionUser>();
  const as = (role: string) => createCaller({ db: t.db, user: people.get(role) ?? null });
  const inboxOf = async (role: string) => (await as(role).notifications.list({ limit: 100 })).items;

  beforeAll(async () => {
    t = await openTestDb();
    smtp = await startSmtpServer();
    config = { smtpUrl: smtp.url, from: "Threadline <threadline@plant.example>", portalUrl: "https://threadline.plant.example", digestHour: 7 };
    const now = new Date();
    const master = await seedMasterData(t.db, new Date(now.getTime() - 30 * 86_400_000));
    await seedChanges(t.db, master, now, new Date(now.getTime() - 10 * 86_400_000));
    for (const row of await t.db.select().from(users)) {
      const key = row.email === "engineer2@threadline.demo" ? "engineer2" : row.role;
      people.set(key, { id: row.id, name: row.name, email: row.email, role: row.role });
    }
  });
  afterAll(async () => {
    await smtp.close();
    await t.close();
  });

  it("asks those who still have to sign an ECO, by inbox and mail with a link to it, and never an operator", async () => {
    // Even an operator who chose signature requests (written past the preferences page, which drops them) is not asked.
    await t.db.insert(notificationPreferences).values({ userId: people.get("operator")!.id, eventTypes: ["eco.awaiting_signature"], email: "immediate" });
    const waiting = event("eco.awaiting_signature", { summary: "ECO-0002 CP-60: three motor screws waits for your signature.", link: "/changes/ecos/ECO-0002", data: { eco: "ECO-0002" } });

    const result = await notifyPeople(t.db, waiting, config);

    // ECO-0002 needs engineer, quality and supervisor; the engineer has signed and its author may not.
    const mailed = ["quality@threadline.demo", "supervisor@threadline.demo"];
    expect(result.inbox).toBe(2);
    expect(result.mails.map((m) => m.to).sort()).toEqual(mailed);
    for (const role of ["operator", "engineer", "engineer2", "viewer", "admin"]) expect(await inboxOf(role)).toEqual([]);
    expect(await inboxOf("quality")).toMatchObject([{ headline: "Waiting for your signature", link: "/changes/ecos/ECO-0002", readAt: null }]);

    for (const mail of result.mails) await sendMail(mail, config);
    expect(smtp.received.map(recipient).flat().sort()).toEqual(mailed);
    for (const mail of smtp.received) {
      expect(mail.from?.text).toBe('"Threadline" <threadline@plant.example>');
      expect(mail.subject).toBe("Waiting for your signature: ECO-0002 CP-60: three motor screws waits for your signature.");
      expect(mail.text).toContain("https://threadline.plant.example/changes/ecos/ECO-0002");
    }
  });

  it("writes one inbox row per person however often the same event is delivered", async () => {
    const alert = event("worker.down", { summary: "The ingestion worker ingest-1 stopped reporting." });
    expect(await notifyPeople(t.db, alert, config)).toMatchObject({ inbox: 1, mails: [{ to: "admin@threadline.demo" }] });
    expect(await notifyPeople(t.db, alert, config)).toEqual({ inbox: 0, mails: [] });
    const rows = await t.db.select().from(notifications).where(eq(notifications.eventId, alert.id));
    expect(rows.map((r) => r.userId)).toEqual([people.get("admin")!.id]);
  });

  it("follows each person's choice of event types and lines; line alarms are off until chosen", async () => {
    const form = await as("viewer").notifications.preferences();
    expect(form.preferences).toMatchObject({ eventTypes: [], isDefault: true });
    expect(form.eventTypes.map((e) => e.type)).not.toContain("unit.held");
    expect(form.lines).toEqual(expect.arrayContaining(["M1", "P1", "P2"]));
    // Holds are beyond a viewer's role: asking for them is dropped.
    const saved = await as("viewer").notifications.setPreferences({ eventTypes: ["alarm.raised", "unit.held", "ecr.submitted"], lines: ["P1"], email: "off", timeZone: null });
    expect(saved).toMatchObject({ eventTypes: ["alarm.raised", "ecr.submitted"], lines: ["P1"], email: "off", isDefault: false });

    await notifyPeople(t.db, event("alarm.raised", { line: "P2", summary: "P2-020 over temperature." }), config);
    await notifyPeople(t.db, event("alarm.cleared", { line: "P1", summary: "P1-010 alarm cleared." }), config);
    const p1 = await notifyPeople(t.db, event("alarm.raised", { line: "P1", summary: "P1-010 e-stop pressed." }), config);
    const ecr = await notifyPeople(t.db, event("ecr.submitted", { summary: "ECR-0009 submitted." }), config);

    expect(p1).toEqual({ inbox: 1, mails: [] });
    expect(ecr.inbox).toBe(1);
    expect((await inboxOf("viewer")).map((n) => n.summary)).toEqual(["ECR-0009 submitted.", "P1-010 e-stop pressed."]);
    expect(await inboxOf("manager")).toEqual([]);
  });

  it("lets each person read and mark their own inbox only", async () => {
    const [own] = await inboxOf("viewer");
    expect(await as("viewer").notifications.unreadCount()).toBe(2);
    expect(await as("supervisor").notifications.markRead({ ids: [own!.id] })).toBe(0);
    expect(await as("viewer").notifications.unreadCount()).toBe(2);
    expect(await as("viewer").notifications.markRead({ ids: [own!.id] })).toBe(1);
    expect(await as("viewer").notifications.unreadCount()).toBe(1);

    const first = await as("viewer").notifications.list({ limit: 1 });
    const second = await as("viewer").notifications.list({ limit: 1, cursor: first.nextCursor });
    expect([first.items[0]?.summary, second.items[0]?.summary, second.nextCursor]).toEqual(["ECR-0009 submitted.", "P1-010 e-stop pressed.", null]);
    expect((await as("viewer").notifications.list({ isUnreadOnly: true })).items.map((n) => n.summary)).toEqual(["P1-010 e-stop pressed."]);

    expect(await as("viewer").notifications.markAllRead()).toBe(1);
    expect(await as("viewer").notifications.unreadCount()).toBe(0);
    await expect(createCaller({ db: t.db, user: null }).notifications.unreadCount()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("gathers a digest reader's unread notifications into one mail a day, after the digest hour", async () => {
    await as("supervisor").notifications.markAllRead();
    await as("supervisor").notifications.setPreferences({ eventTypes: ["unit.held", "lot.held"], lines: [], email: "digest", timeZone: "Europe/Berlin" });
    const held = await notifyPeople(t.db, event("unit.held", { line: "P1", summary: "Unit CP40-0000042 put on hold.", link: "/traceability/units/CP40-0000042" }), config);
    await notifyPeople(t.db, event("lot.held", { summary: "Lot L-2211 put on hold.", link: "/traceability/lots/L-2211" }), config);
    const read = await notifyPeople(t.db, event("unit.held", { summary: "Unit CP40-0000043 put on hold." }), config);
    expect(held.mails.map((m) => m.to)).not.toContain("supervisor@threadline.demo");
    expect(read.mails.map((m) => m.to)).not.toContain("supervisor@threadline.demo");
    const [latest] = await inboxOf("supervisor");
    await as("supervisor").notifications.markRead({ ids: [latest!.id] });

    const now = new Date();
    const digests = await buildDigests(t.db, now, config);
    const digest = digests.find((m) => m.to === "supervisor@threadline.demo");
    expect(digest?.subject).toBe("Threadline daily digest: 2 unread notifications");
    expect(digest?.text).toContain("Unit put on hold (P1): Unit CP40-0000042 put on hold.\n  https://threadline.plant.example/traceability/units/CP40-0000042");
    expect(digest?.text).toContain("Lot put on hold: Lot L-2211 put on hold.");
    expect(digest?.text).not.toContain("CP40-0000043");

    // Once per digest hour: a second run finds it sent.
    expect(await buildDigests(t.db, now, config)).toEqual([]);
    const before = smtp.received.length;
    await sendMail(digest!, config);
    expect(smtp.received.slice(before).map((m) => [recipient(m), m.subject])).toEqual([[["supervisor@threadline.demo"], "Threadline daily digest: 2 unread notifications"]]);
  });

  it("keeps the inbox without SMTP and makes the queue retry while the SMTP server is down", async () => {
    const off = { ...config, smtpUrl: null };
    const alert = event("dead_letters.spike", { summary: "412 MQTT messages rejected in 5 minutes." });
    expect(await notifyPeople(t.db, alert, off)).toEqual({ inbox: 1, mails: [] });
    expect(await buildDigests(t.db, new Date(), off)).toEqual([]);
    expect(await sendMail({ to: "admin@threadline.demo", subject: "x", text: "x" }, off)).toEqual({ isSent: false });

    const port = await freePort();
    await expect(sendMail({ to: "admin@threadline.demo", subject: "Alert", text: "Down" }, { ...config, smtpUrl: `smtp://127.0.0.1:${port}` })).rejects.toThrow(
      `The mail to admin@threadline.demo was not sent: the SMTP server 127.0.0.1:${port} answered:`,
    );
  });

  it("goes through the job queue: a signature request committed with its change reaches the inbox and the SMTP server", async () => {
    const runner = await startJobRunner({
      databaseUrl: t.url,
      concurrency: 2,
      webhook: { timeoutMs: 1000, maxAttempts: 3, policy: { allowPrivateNetworks: false, allowedHosts: [] } },
      mail: config,
      watchers: null,
      pollIntervalMs: 200,
    });
    try {
      const before = smtp.received.length;
      const inboxBefore = { quality: (await inboxOf("quality")).length, supervisor: (await inboxOf("supervisor")).length };
      // What submitting or re-signing ECO-0002 emits (server/changes/change-events.ts), in the change's transaction.
      await t.db.transaction((tx) => emitAwaitingSignature(tx, { number: "ECO-0002", title: "CP-60: three motor screws" }, ["quality", "supervisor"], "test"));
      // Quality follows signature requests by default; the supervisor chose only holds above.
      const [mail] = await waitFor("the signature mail", () => smtp.received.length > before && smtp.received.slice(before), 30_000);
      expect(recipient(mail!)).toEqual(["quality@threadline.demo"]);
      expect(mail?.text).toContain("https://threadline.plant.example/changes/ecos/ECO-0002");
      expect(await inboxOf("quality")).toHaveLength(inboxBefore.quality + 1);
      expect(await inboxOf("supervisor")).toHaveLength(inboxBefore.supervisor);
      expect(smtp.received).toHaveLength(before + 1);
    } finally {
      await runner.stop();
    }
  });
});
