import { and, desc, eq, gt, sql, type SQL } from "drizzle-orm";

import type { Db, DbOrTx, Tx } from "@/db";
import { signInFailures } from "@/db/schema";
import { appendAudit, type AuditInput } from "@/server/audit/audit-log";
import { env } from "@/server/env";

/** One limit for sign-in and signature passwords (docs/security.md, "Sign-in and signature limits"). */
export interface PasswordLimits {
  /** Wrong passwords per account within the window; past it, attempts are refused without checking the password. */
  maxFailures: number;
  /** Wrong passwords from one client address, whatever the account, within the window. */
  maxClientFailures: number;
  windowMinutes: number;
}

export type Locked = { kind: "locked"; scope: "account" | "client"; retryAfterMinutes: number };
export type PasswordCheck<T> = { kind: "ok"; value: T } | { kind: "invalid" } | Locked;

export interface PasswordAttempt {
  email: string;
  ip: string | null;
  /** The audit log gets `<action>_failed` and `<action>_refused`. */
  action: "auth.sign_in" | "auth.signature" | "auth.password_change" | "auth.setup";
  actor: Pick<AuditInput, "actorId" | "actor">;
  data?: Record<string, unknown>;
}

export function passwordLimits(): PasswordLimits {
  const { SIGN_IN_MAX_FAILURES, SIGN_IN_MAX_CLIENT_FAILURES, SIGN_IN_WINDOW_MINUTES } = env();
  return { maxFailures: SIGN_IN_MAX_FAILURES, maxClientFailures: SIGN_IN_MAX_CLIENT_FAILURES, windowMinutes: SIGN_IN_WINDOW_MINUTES };
}

/** "Too many wrong passwords for this account. Try again in 12 minutes." */
export function lockedMessage(locked: Locked) {
  const from = locked.scope === "account" ? "for this account" : "from this device or network";
  return `Too many wrong passwords ${from}. Try again in ${locked.retryAfterMinutes === 1 ? "1 minute" : `${locked.retryAfterMinutes} minutes`}.`;
}

/**
 * Checks a password under the limit: `verify` resolves to a value for the
 * right password, null for a wrong one. Before it runs, a failure is recorded
 * under a per-account and per-client lock, so parallel attempts can never
 * check more than the limit; the right password removes the account's
 * failures again. Refused attempts are audited but not recorded as failures,
 * so they never extend a lock.
 */
export async function checkPassword<T>(db: Db, attempt: PasswordAttempt, limits: PasswordLimits, verify: () => Promise<T | null>): Promise<PasswordCheck<T>> {
  const email = attempt.email.trim().toLowerCase();
  const audit = (tx: DbOrTx, outcome: "failed" | "refused", data: Record<string, unknown> = {}) =>
    appendAudit(tx, { ...attempt.actor, action: `${attempt.action}_${outcome}`, entityType: "user", entityId: email, data: { ...attempt.data, ip: attempt.ip, ...data } });

  const locked = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`password account ${email}`}, 0))`);
    if (attempt.ip) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`password client ${attempt.ip}`}, 0))`);
    const refusal =
      (await lockedBy(tx, "account", eq(sql`lower(${signInFailures.email})`, email), limits.maxFailures, limits.windowMinutes)) ??
      (attempt.ip ? await lockedBy(tx, "client", eq(signInFailures.ip, attempt.ip), limits.maxClientFailures, limits.windowMinutes) : null);
    if (refusal) {
      await audit(tx, "refused", { reason: `too many failures (${refusal.scope})` });
      return refusal;
    }
    await tx.insert(signInFailures).values({ email, ip: attempt.ip });
    return null;
  });
  if (locked) return locked;

  const value = await verify();
  if (value === null) {
    await audit(db, "failed");
    return { kind: "invalid" };
  }
  await db.delete(signInFailures).where(eq(sql`lower(${signInFailures.email})`, email));
  return { kind: "ok", value };
}

/** Locked while `max` failures lie within the window: until the max-th newest leaves it. */
async function lockedBy(tx: Tx, scope: Locked["scope"], where: SQL, max: number, windowMinutes: number): Promise<Locked | null> {
  const window = sql`make_interval(mins => ${windowMinutes})`;
  const [row] = await tx
    .select({ retryAfterMinutes: sql<number>`ceil(extract(epoch from ${signInFailures.at} + ${window} - now()) / 60)::int` })
    .from(signInFailures)
    .where(and(where, gt(signInFailures.at, sql`now() - ${window}`)))
    .orderBy(desc(signInFailures.at))
    .offset(max - 1)
    .limit(1);
  return row ? { kind: "locked", scope, ...row } : null;
}
