import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, signInFailures, users } from "@/db/schema";
import { openTestDb } from "@/server/testing/database";

import { hashPassword } from "./password";
import { loadSessionUser, signInWithPassword } from "./sign-in";

const limits = { maxFailures: 3, maxClientFailures: 10, windowMinutes: 15 };

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

  async function failuresOf(email: string) {
    return (await t.db.select().from(signInFailures).where(eq(signInFailures.email, email))).length;
  }

  /** As if `minutes` had passed since this address's failures. */
  async function age(email: string, minutes: number) {
    await t.db.update(signInFailures).set({ at: sql`${signInFailures.at} - make_interval(mins => ${minutes})` }).where(eq(signInFailures.email, email));
  }

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
    expect(await signInWithPassword(t.db, { email, password: "correct horse", ip: null }, limits)).toEqual({ kind: "locked", scope: "account", retryAfterMinutes: 15 });
    const refused = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in_refused"), eq(auditLog.entityId, email)));
    expect(refused).toHaveLength(1);
  });

  it("checks at most maxFailures of 20 parallel wrong passwords and refuses the rest unchecked", async () => {
    await t.db.insert(users).values({ email: "parallel@plant.example", name: "Parallel", role: "viewer", passwordHash: await hashPassword("correct horse") });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword(t.db, { email: "parallel@plant.example", password: `guess ${i}`, ip: null }, limits)));
    expect(results.filter((r) => r.kind === "invalid")).toHaveLength(limits.maxFailures);
    expect(results.filter((r) => r.kind === "locked")).toHaveLength(20 - limits.maxFailures);
    expect(await failuresOf("parallel@plant.example")).toBe(limits.maxFailures);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.entityId, "parallel@plant.example"));
    expect(audited.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(limits.maxFailures);
    expect(audited.filter((e) => e.action === "auth.sign_in_refused")).toHaveLength(20 - limits.maxFailures);
  });

  it("audits attempts refused during a lock without extending it past the window", async () => {
    const email = "steady@plant.example";
    await t.db.insert(users).values({ email, name: "Steady", role: "admin", passwordHash: await hashPassword("correct horse") });
    for (let i = 0; i < limits.maxFailures; i++) await signInWithPassword(t.db, { email, password: "wrong", ip: "10.0.0.9" }, limits);
    // The failures happened 14 minutes ago; one attempt a minute since must not push the end of the lock back.
    await age(email, limits.windowMinutes - 1);
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword(t.db, { email, password: "correct horse", ip: "10.0.0.9" }, limits)).toEqual({ kind: "locked", scope: "account", retryAfterMinutes: 1 });
    }
    expect(await failuresOf(email)).toBe(limits.maxFailures);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in_refused"), eq(auditLog.entityId, email)))).toHaveLength(5);
    await age(email, 1);
    expect(await signInWithPassword(t.db, { email, password: "correct horse", ip: "10.0.0.9" }, limits)).toMatchObject({ kind: "ok", user: { name: "Steady" } });
  });

  it("refuses a spray across 40 addresses from one client after the client limit, and only from that client", async () => {
    const sprayed = Array.from({ length: 40 }, (_, i) => `spray${i}@plant.example`);
    const results = [];
    for (const email of sprayed) results.push(await signInWithPassword(t.db, { email, password: "Summer2026!", ip: "203.0.113.9" }, limits));
    expect(results.slice(0, limits.maxClientFailures).every((r) => r.kind === "invalid")).toBe(true);
    expect(results.slice(limits.maxClientFailures)).toEqual(Array(40 - limits.maxClientFailures).fill({ kind: "locked", scope: "client", retryAfterMinutes: 15 }));
    // Another client is still checked; the spraying one cannot sign in even with a right password.
    expect(await signInWithPassword(t.db, { email: sprayed[39]!, password: "Summer2026!", ip: "198.51.100.4" }, limits)).toEqual({ kind: "invalid" });
    await t.db.insert(users).values({ email: "sprayed@plant.example", name: "Sprayed", role: "viewer", passwordHash: await hashPassword("correct horse") });
    expect(await signInWithPassword(t.db, { email: "sprayed@plant.example", password: "correct horse", ip: "203.0.113.9" }, limits)).toMatchObject({ kind: "locked", scope: "client" });
    expect(await signInWithPassword(t.db, { email: "sprayed@plant.example", password: "correct horse", ip: "198.51.100.4" }, limits)).toMatchObject({ kind: "ok" });
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
