import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";

import { appendAudit, verifyAuditChain } from "./audit-log";

describe("audit log", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb();
    for (let i = 0; i < 10; i++) {
      await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", entityId: String(i), data: { i, nested: { b: 2, a: [1, "x"] } } });
    }
  });
  afterAll(async () => t.close());

  /** Tampering needs the rights of a database owner: switch the append-only trigger off, as an attacker would. */
  async function tamper(statement: () => Promise<unknown>) {
    await t.sql`alter table audit_log disable trigger audit_log_append_only`;
    try {
      await statement();
    } finally {
      await t.sql`alter table audit_log enable trigger audit_log_append_only`;
    }
  }

  it("verifies an intact chain", async () => {
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: true, checked: 10 });
  });

  it("stays linear under concurrent writers", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(t.db, { actorId: null, actor: "racer", action: "race", entityType: "race", data: { i } })));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: 30 });
  });

  it("detects an altered entry", async () => {
    await tamper(() => t.sql`update audit_log set data = '{"i": 999}' where seq = 4`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 4, problem: "entry 4 was altered after it was written" });
    await tamper(() => t.sql`update audit_log set data = '{"i": 3, "nested": {"a": [1, "x"], "b": 2}}' where seq = 4`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("detects an altered actor or timestamp", async () => {
    await tamper(() => t.sql`update audit_log set at = at - interval '1 hour' where seq = 7`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 7 });
    await tamper(() => t.sql`update audit_log set at = at + interval '1 hour' where seq = 7`);
  });

  it("detects a deleted entry", async () => {
    await tamper(() => t.sql`delete from audit_log where seq = 6`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 6, problem: "entry 6 is missing" });
  });

  it("detects an entry deleted and the rest renumbered", async () => {
    await tamper(async () => {
      await t.sql`update audit_log set seq = -(seq - 1) where seq > 6`;
      await t.sql`update audit_log set seq = -seq where seq < 0`;
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 6, problem: "entry 6 does not link to the entry before it" });
  });
});
