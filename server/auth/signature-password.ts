import { eq } from "drizzle-orm";

import type { Db } from "@/db";
import { users } from "@/db/schema";
import { auditActor } from "@/server/audit/audit-log";
import { TooManyAttemptsError, ValidationError } from "@/server/errors";

import { verifyPassword } from "./password";
import { checkPassword, lockedMessage, type PasswordLimits } from "./password-attempts";
import type { SessionUser } from "./roles";

export interface SignatureClient {
  ip: string | null;
  limits: PasswordLimits;
}

/**
 * The password re-entered for an electronic signature (docs/security.md).
 * It comes first and counts against the limit it shares with sign-in: a wrong
 * one is recorded and audited even when the signature would have been refused
 * for another reason. `subject` names what was being signed, for the audit.
 */
export async function verifySignaturePassword(db: Db, user: SessionUser, password: string, client: SignatureClient, subject: Record<string, string>) {
  const [account] = await db.select({ email: users.email, passwordHash: users.passwordHash, isActive: users.isActive }).from(users).where(eq(users.id, user.id));
  const check = await checkPassword(
    db,
    { email: account?.email ?? user.email, ip: client.ip, action: "auth.signature", actor: auditActor(user), data: subject },
    client.limits,
    async () => (account?.isActive && account.passwordHash && (await verifyPassword(account.passwordHash, password)) ? account : null),
  );
  if (check.kind === "locked") throw new TooManyAttemptsError(lockedMessage(check));
  if (check.kind === "invalid") throw new ValidationError("Wrong password: the signature was not recorded.");
}
