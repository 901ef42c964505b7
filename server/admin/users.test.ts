import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/roles";
import { loadSessionUser, signInWithPassword } from "@/server/auth/sign-in";
import { openTestDb } from "@/server/testing/database";

const STRONG = "Pump line audit 7 ducks";
const limits = { maxFailures: 5, maxClientFailures: 30, windowMinutes: 15 };

describe("user administration", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let admin: SessionUser;

  beforeAll(async () => {
    t = await openTestDb();
    await seedMasterData(t.db, new Date());
    const [row] = await t.db.select().from(users).where(eq(users.role, "admin")).limit(1);
    admin = { id: row!.id, name: row!.name, email: row!.email, role: "admin" };
  });
  afterAll(async () => t.close());

  const as = (user: SessionUser | null) => createCaller({ db: t.db, user });
  const auditActions = async (entityId: number) =>
    (await t.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.entityType} = 'user' and ${auditLog.entityId} = ${String(entityId)}`).orderBy(auditLog.seq)).map((r) => r.action);

  it("creates a user who must choose their own password before doing anything else", async () => {
    const created = await as(admin).admin.createUser({ email: " Nadia.Planner@Plant.example ", name: "Nadia Berg", role: "viewer", password: STRONG });
    expect(created).toMatchObject({ email: "nadia.planner@plant.example", role: "viewer" });

    const signedIn = await signInWithPassword(t.db, { email: "nadia.planner@plant.example", password: STRONG, ip: null }, limits);
    expect(signedIn.kind).toBe("ok");
    const session = await loadSessionUser(t.db, created.id);
    expect(session?.mustChangePassword).toBe(true);
    await expect(as(session).lines.overview({})).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Choose your own password first") as string });

    await expect(as(session).session.changePassword({ current: "not it at all, sorry", next: "Another strong phrase 42" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The current password is not right." });
    await expect(as(session).session.changePassword({ current: STRONG, next: "password1234" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("too easy to guess") as string });
    await expect(as(session).session.changePassword({ current: STRONG, next: "nadia.planner-2026" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The password must not contain the e-mail address." });
    await as(session).session.changePassword({ current: STRONG, next: "Another strong phrase 42" });

    const after = await loadSessionUser(t.db, created.id);
    expect(after?.mustChangePassword).toBe(false);
    await expect(as(after).lines.overview({})).resolves.toBeDefined();
    expect(await auditActions(created.id)).toEqual(["user.created", "auth.sign_in", "user.password_changed"]);
    const [failure] = await t.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.action} = 'auth.password_change_failed' and ${auditLog.entityId} = ${created.email}`);
    expect(failure).toBeDefined();
  });

  it("refuses weak first passwords, duplicate addresses and non-administrators, writing nothing", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(users);
    await expect(as(admin).admin.createUser({ email: "short@plant.example", name: "Short Pass", role: "viewer", password: "Short1!" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The password needs at least 12 characters." });
    await expect(as(admin).admin.createUser({ email: "common@plant.example", name: "Common Pass", role: "viewer", password: "qwertyuiopasdf" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("too easy to guess") as string });
    await expect(as(admin).admin.createUser({ email: "ADMIN@threadline.demo", name: "Copy Cat", role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already exists") as string });
    await expect(as(admin).admin.createUser({ email: "not an address", name: "No Mail", role: "viewer" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const [viewerRow] = await t.db.select().from(users).where(eq(users.role, "viewer")).limit(1);
    await expect(as({ ...viewerRow!, role: "viewer" }).admin.createUser({ email: "sneaky@plant.example", name: "Sneaky", role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(users)).toEqual(before);
  });

  it("changes roles and deactivates, but never the last active administrator", async () => {
    await expect(as(admin).admin.updateUser({ id: admin.id, name: admin.name, role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("last active administrator") as string });
    await expect(as(admin).admin.setUserActive({ id: admin.id, isActive: false })).rejects.toMatchObject({ code: "CONFLICT" });

    const second = await as(admin).admin.createUser({ email: "second.admin@plant.example", name: "Second Admin", role: "admin" });
    const secondUser: SessionUser = { id: second.id, name: second.name, email: second.email, role: "admin" };
    // Two administrators demote each other at the same moment: one of them must stay.
    const outcomes = await Promise.allSettled([
      as(admin).admin.updateUser({ id: second.id, name: second.name, role: "engineer" }),
      as(secondUser).admin.updateUser({ id: admin.id, name: admin.name, role: "engineer" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const admins = await t.db.select().from(users).where(sql`${users.role} = 'admin' and ${users.isActive}`);
    expect(admins).toHaveLength(1);
    const remaining = admins[0]!;
    const demoted = remaining.id === admin.id ? second.id : admin.id;

    const remainingUser: SessionUser = { id: remaining.id, name: remaining.name, email: remaining.email, role: "admin" };
    await as(remainingUser).admin.setUserActive({ id: demoted, isActive: false });
    expect(await loadSessionUser(t.db, demoted)).toBeNull();
    await as(remainingUser).admin.setUserActive({ id: demoted, isActive: true });
    await as(remainingUser).admin.updateUser({ id: demoted, name: "Renamed Person", role: "admin" });
    expect(await auditActions(demoted)).toEqual(expect.arrayContaining(["user.updated", "user.deactivated", "user.reactivated"]));
  });

  it("resets a password: the old one stops working, a lockout is lifted, the user must choose a new one", async () => {
    const user = await as(admin).admin.createUser({ email: "locked.out@plant.example", name: "Locked Out", role: "operator", password: STRONG });
    for (let i = 0; i < limits.maxFailures; i++) await signInWithPassword(t.db, { email: user.email, password: "wrong password here", ip: null }, limits);
    expect((await signInWithPassword(t.db, { email: user.email, password: STRONG, ip: null }, limits)).kind).toBe("locked");

    await expect(as(admin).admin.resetPassword({ id: user.id, password: "locked" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await as(admin).admin.resetPassword({ id: user.id, password: "Temporary words for Monday" });
    expect((await signInWithPassword(t.db, { email: user.email, password: STRONG, ip: null }, limits)).kind).toBe("invalid");
    expect((await signInWithPassword(t.db, { email: user.email, password: "Temporary words for Monday", ip: null }, limits)).kind).toBe("ok");
    expect((await loadSessionUser(t.db, user.id))?.mustChangePassword).toBe(true);
    expect(await auditActions(user.id)).toContain("user.password_reset");
  });
});
