import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";

import { hashPassword, verifyPassword } from "./password";
import { checkPassword, type Locked, type PasswordLimits } from "./password-attempts";
import type { SessionUser } from "./roles";

export type SignInResult = { kind: "ok"; user: SessionUser } | { kind: "invalid" } | Locked;

let dummyHash: Promise<string> | undefined;

/**
 * Password sign-in under the failure limit it shares with signatures. An
 * unknown address is counted like a known one and costs the same hashing time.
 */
export async function signInWithPassword(db: Db, input: { email: string; password: string; ip: string | null }, limits: PasswordLimits): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const check = await checkPassword(db, { email, ip: input.ip, action: "auth.sign_in", actor: { actorId: user?.id ?? null, actor: email } }, limits, async () => {
    if (user?.passwordHash && user.isActive) return (await verifyPassword(user.passwordHash, input.password)) ? user : null;
    await verifyPassword(await (dummyHash ??= hashPassword("no such user")), input.password);
    return null;
  });
  if (check.kind !== "ok") return check;

  const signedIn = check.value;
  await appendAudit(db, { ...auditActor(signedIn), action: "auth.sign_in", entityType: "user", entityId: String(signedIn.id), data: { ip: input.ip } });
  return { kind: "ok", user: { id: signedIn.id, name: signedIn.name, email: signedIn.email, role: signedIn.role } };
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
