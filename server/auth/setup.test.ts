import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, setupCode, users } from "@/db/schema";
import { ValidationError } from "@/server/errors";
import { openTestDb } from "@/server/testing/database";

import { verifyPassword } from "./password";
import { completeSetup, issueSetupCode, isSetupPending, SETUP_CODE_PATTERN } from "./setup";
import { signInWithPassword } from "./sign-in";

const limits = { maxFailures: 3, maxClientFailures: 10, windowMinutes: 15 };
const client = { ip: "10.0.0.9", limits };
const admin = { name: "Ada Admin", email: "Ada@Plant.example", password: "lathe orchid bramble 42" };

describe("first administrator by setup code", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let code: string;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => t.close());

  it("issues a fresh code on an empty portal, keeps only its hash, and replaces it on the next start", async () => {
    expect(await isSetupPending(t.db)).toBe(true);
    const first = await issueSetupCode(t.db);
    expect(first).toMatch(SETUP_CODE_PATTERN);
    code = (await issueSetupCode(t.db))!;
    expect(code).not.toBe(first);
    const rows = await t.db.select().from(setupCode);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.codeHash).not.toContain(code);

    // The replaced code is useless.
    expect(await completeSetup(t.db, { ...admin, code: first! }, client)).toEqual({ kind: "invalid" });
  });

  it("refuses a wrong code (audited, counted by the sign-in limit) and writes no user", async () => {
    expect(await completeSetup(t.db, { ...admin, code: "AAAA-BBBB-CCCC" }, client)).toEqual({ kind: "invalid" });
    expect(await completeSetup(t.db, { ...admin, code: "AAAA-BBBB-CCCC" }, client)).toEqual({ kind: "invalid" });
    // Three wrong codes for this address (the replaced one counted too): locked: even the right code is refused unchecked until the window has passed.
    expect(await completeSetup(t.db, { ...admin, code }, client)).toMatchObject({ kind: "locked", scope: "account" });
    expect(await t.db.select().from(users)).toHaveLength(0);
    const entries = await t.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(["auth.setup_failed", "auth.setup_failed", "auth.setup_failed", "auth.setup_refused"]);
    expect(entries[0]!.data).toMatchObject({ ip: "10.0.0.9" });
  });

  it("refuses a weak password and bad input before it looks at the code", async () => {
    const fresh = { ip: "10.0.0.10", limits };
    const other = { ...admin, email: "other@plant.example" };
    await expect(completeSetup(t.db, { ...other, code, password: "password1234" }, fresh)).rejects.toThrow(/too easy to guess/);
    await expect(completeSetup(t.db, { ...other, code, password: "short" }, fresh)).rejects.toThrow(/at least 12 characters/);
    await expect(completeSetup(t.db, { ...other, code, email: "not an address" }, fresh)).rejects.toThrow(ValidationError);
    await expect(completeSetup(t.db, { ...other, code, name: "  " }, fresh)).rejects.toThrow("Enter your name.");
    expect(await t.db.select().from(users)).toHaveLength(0);
  });

  it("creates the administrator with the right code, audits it, and refuses a second setup at once or later", async () => {
    const other = { ip: "10.0.0.11", limits };
    // Two setups at the same moment with the right code: exactly one creates a user.
    const results = await Promise.all([
      completeSetup(t.db, { ...admin, email: "first@plant.example", code: code.toLowerCase().replaceAll("-", " ") }, other),
      completeSetup(t.db, { ...admin, email: "second@plant.example", code }, other),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["done", "ok"]);
    const all = await t.db.select().from(users);
    expect(all).toHaveLength(1);
    const [created] = all;
    expect(created).toMatchObject({ name: "Ada Admin", role: "admin", isActive: true, mustChangePassword: false });
    expect(await verifyPassword(created!.passwordHash!, admin.password)).toBe(true);
    expect(await t.db.select().from(setupCode)).toHaveLength(0);

    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "user.created"));
    expect(audit).toMatchObject({ actorId: created!.id, actor: "Ada Admin (admin)", entityId: String(created!.id), data: { role: "admin", method: "setup code" } });

    expect(await isSetupPending(t.db)).toBe(false);
    expect(await completeSetup(t.db, { ...admin, email: "late@plant.example", code }, other)).toEqual({ kind: "done" });
    expect(await issueSetupCode(t.db)).toBeNull();
    expect(await t.db.select().from(users)).toHaveLength(1);

    expect(await signInWithPassword(t.db, { email: created!.email, password: admin.password, ip: null }, limits)).toMatchObject({ kind: "ok", user: { role: "admin" } });
  });
});
