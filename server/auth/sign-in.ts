import { and, eq, gte, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { signInFailures, users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";

import { hashPassword, verifyPassword } from "./password";
import type { SessionUser } from "./roles";

export type SignInResult = { kind: "ok"; user: SessionUser } | { kind: "invalid" } | { kind: "locked"; retryAfterMinutes: number };

let dummyHash: Promise<string> | undefined;

/**
 * Password sign-in with a per-address failure limit. Every failure is counted
 * and audited; an unknown address costs the same hashing time as a known one.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string | null },
  limits: { maxFailures: number; windowMinutes: number },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(Date.now() - limits.windowMinutes * 60_000);
  const [{ failures } = { failures: 0 }] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(sql`lower(${signInFailures.email})`, email), gte(signInFailures.at, since)));

  if (failures >= limits.maxFailures) {
    await db.transaction(async (tx) => {
      await tx.insert(signInFailures).values({ email, ip: input.ip });
      await appendAudit(tx, { actorId: null, actor: email, action: "auth.sign_in_refused", entityType: "user", entityId: email, data: { ip: input.ip, reason: "too many failures" } });
    });
    return { kind: "locked", retryAfterMinutes: limits.windowMinutes };
  }

  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const isValid = user?.passwordHash && user.isActive
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await (dummyHash ??= hashPassword("no such user")), input.password).then(() => false);

  if (!user || !isValid) {
    await db.transaction(async (tx) => {
      await tx.insert(signInFailures).values({ email, ip: input.ip });
      await appendAudit(tx, { actorId: user?.id ?? null, actor: email, action: "auth.sign_in_failed", entityType: "user", entityId: email, data: { ip: input.ip } });
    });
    return { kind: "invalid" };
  }

  await db.transaction(async (tx) => {
    await tx.delete(signInFailures).where(eq(sql`lower(${signInFailures.email})`, email));
    await appendAudit(tx, { ...auditActor(user), action: "auth.sign_in", entityType: "user", entityId: String(user.id), data: { ip: input.ip } });
  });
  return { kind: "ok", user: { id: user.id, name: user.name, email: user.email, role: user.role } };
}

/** The session's user as the database has it now: a deactivated user or a changed role takes effect at once. */
export async function loadSessionUser(db: Db, id: number): Promise<SessionUser | null> {
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(and(eq(users.id, id), eq(users.isActive, true)))
    .limit(1);
  return user ?? null;
}
