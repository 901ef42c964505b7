import { createHmac, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";
import { waitFor } from "@/server/testing/support";

import { deliverAnchor, isAnchorSigned, scheduleAuditAnchors, signAnchor, type AuditAnchor, type AuditSettings } from "./anchor";
import { appendAudit, readAuditHead } from "./audit-log";
import { testAuditKey } from "./test-support";

const WEBHOOK_SECRET = "webhook-secret-of-at-least-32-characters";

/** A receiver as an operator would run one: it stores an anchor only when the signature over timestamp and body holds. */
async function startReceiver(secret: string) {
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${String(request.headers["threadline-timestamp"])}.${body}`).digest("hex")}`);
      const given = Buffer.from(String(request.headers["threadline-signature"]));
      const isValid = given.length === expected.length && timingSafeEqual(given, expected);
      if (isValid) received.push(body);
      response.writeHead(isValid ? 204 : 401).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/anchors`, received, close: () => new Promise((r) => server.close(r)) };
}

describe("audit anchor export", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const dir = mkdtempSync(path.join(os.tmpdir(), "threadline-anchor-"));
  const key = testAuditKey();
  beforeAll(async () => {
    t = await openTestDb();
    receiver = await startReceiver(WEBHOOK_SECRET);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `n` entries in one transaction: the head moves once. */
  const append = (n: number) =>
    t.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await appendAudit(tx, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", data: { i } });
    });
  const readLines = (file: string) => readFileSync(file, "utf8").trim().split("\n");

  it("appends a signed line to the file and posts it to the webhook each time the head moves, keeping what was there", async () => {
    const anchorFile = path.join(dir, "anchors.jsonl");
    const earlier = `${JSON.stringify({ note: "written before this worker started" })}\n`;
    writeFileSync(anchorFile, earlier);
    const settings: AuditSettings = { key, anchorFile, webhook: { url: receiver.url, secret: WEBHOOK_SECRET } };
    const log: string[] = [];
    await append(1);
    const schedule = scheduleAuditAnchors(t.db, settings, { intervalMs: 20, log: (m) => log.push(m) });
    try {
      for (const [head, added] of [[1, 0], [3, 2], [4, 1]] as const) {
        await append(added);
        await waitFor(`head ${head} anchored`, () => readLines(anchorFile).some((l) => l.includes(`"entries":${head},`)) && receiver.received.some((b) => b.includes(`"entries":${head},`)));
      }
    } finally {
      await schedule?.stop();
    }
    const content = readFileSync(anchorFile, "utf8");
    expect(content.startsWith(earlier)).toBe(true);
    const anchors = readLines(anchorFile).slice(1).map((l) => JSON.parse(l) as AuditAnchor);
    // One line per head: ticks that find the head where it was write nothing.
    expect(anchors.map((a) => a.entries)).toEqual([1, 3, 4]);
    expect(anchors.every((a) => isAnchorSigned(key, a))).toBe(true);
    expect(receiver.received).toEqual(readLines(anchorFile).slice(1));
    expect(log).toEqual([]);
  });

  it("reports a webhook that refuses the signature, and a file it cannot append to", async () => {
    const head = await readAuditHead(t.db);
    if (!head) throw new Error("the test before appended entries");
    const outcomes = await deliverAnchor({ key, anchorFile: dir, webhook: { url: receiver.url, secret: "not-the-secret-the-receiver-was-given" } }, signAnchor(key, head));
    expect(outcomes).toEqual([
      { target: dir, error: expect.stringContaining("EISDIR") as unknown },
      { target: receiver.url, error: "answered 401" },
    ]);
  });

  it("says why it exports nothing when no target is configured", () => {
    const log: string[] = [];
    expect(scheduleAuditAnchors(t.db, { key, anchorFile: null, webhook: null }, { intervalMs: 20, log: (m) => log.push(m) })).toBeNull();
    expect(log).toEqual([expect.stringContaining("deleting the newest entries would go unnoticed")]);
  });
});
