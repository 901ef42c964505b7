import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog } from "@/db/schema";
import { openTestDb } from "@/server/testing/database";

import type { AuditSettings } from "./anchor";
import { appendAudit, entryMac } from "./audit-log";
import { problems, tamper, testAuditKey } from "./test-support";
import { verifyAuditChain } from "./verify";

describe("audit log", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const settings: AuditSettings = { key: testAuditKey(), anchorFile: null, webhook: null };
  beforeAll(async () => {
    t = await openTestDb();
    for (let i = 0; i < 10; i++) {
      await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", entityId: String(i), data: { i, nested: { b: 2, a: [1, "x"] } } });
    }
  });
  afterAll(async () => t.close());

  const verify = () => verifyAuditChain(t.db, settings);

  it("verifies an intact chain", async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: 10 });
    expect(result.findings.map((f) => f.text)).toContain("Chain intact up to entry 10: every entry matches its hash and links to the one before.");
  });

  it("signs every entry with AUDIT_HMAC_KEY over its hash", async () => {
    const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((r) => r.mac)).toEqual(rows.map((r) => entryMac(settings.key ?? "", r.hash)));
  });

  it("stays linear under concurrent writers", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(t.db, { actorId: null, actor: "racer", action: "race", entityType: "race", data: { i } })));
    expect(await verify()).toMatchObject({ ok: true, checked: 30 });
  });

  it("detects an altered entry", async () => {
    await tamper(t.sql, () => t.sql`update audit_log set data = '{"i": 999}' where seq = 4`);
    expect(problems(await verify())).toEqual(["Entry 4 was altered after it was written: its hash does not match its content. The chain is intact up to entry 3."]);
    await tamper(t.sql, () => t.sql`update audit_log set data = '{"i": 3, "nested": {"a": [1, "x"], "b": 2}}' where seq = 4`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("detects an altered actor or timestamp", async () => {
    await tamper(t.sql, () => t.sql`update audit_log set at = at - interval '1 hour' where seq = 7`);
    expect(problems(await verify())).toEqual([expect.stringMatching(/^Entry 7 was altered/)]);
    await tamper(t.sql, () => t.sql`update audit_log set at = at + interval '1 hour' where seq = 7`);
  });

  it("detects a deleted entry", async () => {
    await tamper(t.sql, () => t.sql`delete from audit_log where seq = 6`);
    expect(problems(await verify())).toEqual(["Entry 6 is missing. The chain is intact up to entry 5."]);
  });

  it("detects an entry deleted and the rest renumbered", async () => {
    await tamper(t.sql, async () => {
      await t.sql`update audit_log set seq = -(seq - 1) where seq > 6`;
      await t.sql`update audit_log set seq = -seq where seq < 0`;
    });
    expect(problems(await verify())).toEqual(["Entry 6 does not link to the entry before it. The chain is intact up to entry 5."]);
  });
});
