import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, users } from "@/db/schema";
import { openTestDb } from "@/server/testing/database";

import { hashPassword } from "./password";
import { loadSessionUser, signInWithPassword } from "./sign-in";

const limits = { maxFailures: 3, windowMinutes: 15 };

describe("password sign-in", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb();
    await t.db.insert(users).values([
      { email: "Quinn@Plant.example", name: "Quinn", role: "quality", passwordHash: await hashPassword("correct horse") },
      { email: "gone@plant.example", name: "Gone", role: "viewer", passwordHash: await hashPassword("correct horse"), isActive: false },
    ]);
  });
  afterAll(async () => t.close());

  it("accepts the right password, case-insensitively on the address, and audits it", async () => {
    const result = await signInWithPassword(t.db, { email: "quinn@plant.example", password: "correct horse", ip: "10.0.0.1" }, limits);
    expect(result).toMatchObject({ kind: "ok", user: { name: "Quinn", role: "quality" } });
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in"));
    expect(entries).toHaveLength(1);
  });

  it("refuses a wrong password, an unknown address and a deactivated user alike", async () => {
    for (const attempt of [
      { email: "quinn@plant.example", password: "wrong" },
      { email: "nobody@plant.example", password: "correct horse" },
      { email: "gone@plant.example", password: "correct horse" },
    ]) {
      expect(await signInWithPassword(t.db, { ...attempt, ip: null }, limits)).toEqual({ kind: "invalid" });
    }
    const failures = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed"));
    expect(failures.map((f) => f.entityId)).toEqual(["quinn@plant.example", "nobody@plant.example", "gone@plant.example"]);
  });

  it("locks an address after repeated failures, even for the right password", async () => {
    const email = "quinn@plant.example";
    await signInWithPassword(t.db, { email, password: "wrong", ip: null }, limits);
    await signInWithPassword(t.db, { email, password: "wrong", ip: null }, limits);
    // Three failures now (one from the test before): the right password no longer helps.
    expect(await signInWithPassword(t.db, { email, password: "correct horse", ip: null }, limits)).toEqual({ kind: "locked", retryAfterMinutes: 15 });
    const refused = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in_refused"), eq(auditLog.entityId, email)));
    expect(refused).toHaveLength(1);
  });

  it("loads the session user as the database has it now", async () => {
    const [quinn] = await t.db.select().from(users).where(eq(users.name, "Quinn"));
    expect(await loadSessionUser(t.db, quinn!.id)).toMatchObject({ role: "quality" });
    await t.db.update(users).set({ role: "viewer" }).where(eq(users.id, quinn!.id));
    expect(await loadSessionUser(t.db, quinn!.id)).toMatchObject({ role: "viewer" });
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, quinn!.id));
    expect(await loadSessionUser(t.db, quinn!.id)).toBeNull();
  });
});
