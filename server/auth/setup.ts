import { createHash, randomInt, timingSafeEqual } from "node:crypto";

import { sql } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { setupCode, users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { ValidationError } from "@/server/errors";

import { hashPassword } from "./password";
import { checkPassword, type Locked, type PasswordLimits } from "./password-attempts";
import { assertPasswordPolicy } from "./password-policy";
import type { SessionUser } from "./roles";

/**
 * The first administrator of an empty portal (README, "An empty start"). While
 * the users table is empty, the web server issues a one-time setup code,
 * prints it to its console and keeps only its SHA-256 in `setup_code`, so that
 * every web process can check it; whoever can read the console types it on
 * /setup with their name, e-mail address and password. Once a user exists the
 * code is gone and /setup is not found.
 */

/** 32 letters and digits without 0/O and 1/I: 12 of them carry 60 bits. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** How a printed code looks: three groups of four. */
export const SETUP_CODE_PATTERN = /\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b/;
const SETUP_LOCK = "threadline first administrator";

export function generateSetupCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Case, spaces and dashes as typed do not matter. */
function codeHash(code: string) {
  return createHash("sha256").update(code.toUpperCase().replace(/[^A-Z0-9]/g, "")).digest("hex");
}

async function anyUser(db: DbOrTx) {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

/** Databases known to have a user: users are never deleted, so they are not asked again. */
const withUsers = new WeakSet<Db>();

/** Whether the portal still waits for its first administrator. */
export async function isSetupPending(db: Db): Promise<boolean> {
  if (withUsers.has(db)) return false;
  if (!(await anyUser(db))) return true;
  withUsers.add(db);
  return false;
}

/**
 * A new setup code when the portal has no user yet (it replaces an earlier
 * one), else null. The caller prints it; the database keeps only its hash.
 */
export async function issueSetupCode(db: Db): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${SETUP_LOCK}, 0))`);
    if (await anyUser(tx)) {
      await tx.delete(setupCode);
      return null;
    }
    const code = generateSetupCode();
    await tx
      .insert(setupCode)
      .values({ codeHash: codeHash(code) })
      .onConflictDoUpdate({ target: setupCode.id, set: { codeHash: codeHash(code), createdAt: sql`now()` } });
    return code;
  });
}

/** The console line that hands the code to whoever started the server; the e2e server reads it back with SETUP_CODE_PATTERN. */
export function setupCodeMessage(code: string, portalUrl: string) {
  return `No user yet: open ${portalUrl}/setup and enter the setup code ${code} to create the first administrator. The code works once.`;
}

const setupInput = z.object({
  code: z.string().trim().min(1, "Enter the setup code from the server's console.").max(64, "That is not a setup code."),
  name: z.string().trim().min(1, "Enter your name.").max(200, "The name may have at most 200 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address.").max(320, "The e-mail address is too long."),
  password: z.string(),
});
export type SetupInput = z.input<typeof setupInput>;

export type SetupResult = { kind: "ok"; user: SessionUser } | { kind: "invalid" } | { kind: "done" } | Locked;

/**
 * Creates the first administrator. Bad input and a password the policy
 * refuses throw ValidationError before the code is looked at; a wrong code
 * counts as a wrong password under the shared failure limit (audited as
 * `auth.setup_failed`). Two setups at once are serialised by a lock: the
 * second finds a user and gets `done`. The new user is audited as
 * `user.created` by themselves, with `method: "setup code"`.
 */
export async function completeSetup(db: Db, raw: SetupInput, client: { ip: string | null; limits: PasswordLimits }): Promise<SetupResult> {
  const parsed = setupInput.safeParse(raw);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Check the form.");
  const input = parsed.data;
  assertPasswordPolicy(input.password, input);
  if (!(await isSetupPending(db))) return { kind: "done" };

  const passwordHash = await hashPassword(input.password);
  const given = Buffer.from(codeHash(input.code), "hex");
  const attempt = { email: input.email, ip: client.ip, action: "auth.setup", actor: { actorId: null, actor: input.email } } as const;
  const check = await checkPassword(db, attempt, client.limits, () =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${SETUP_LOCK}, 0))`);
      if (await anyUser(tx)) return "done" as const;
      const [stored] = await tx.select().from(setupCode).limit(1);
      if (!stored || !timingSafeEqual(Buffer.from(stored.codeHash, "hex"), given)) return null;
      await tx.delete(setupCode);
      const [created] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, role: "admin", passwordHash })
        .returning({ id: users.id, name: users.name, email: users.email, role: users.role });
      if (!created) throw new Error("insert returned no row");
      await appendAudit(tx, {
        ...auditActor(created),
        action: "user.created",
        entityType: "user",
        entityId: String(created.id),
        data: { email: created.email, name: created.name, role: created.role, hasPassword: true, method: "setup code" },
      });
      return created;
    }),
  );
  if (check.kind !== "ok") return check;
  if (check.value === "done") return { kind: "done" };
  withUsers.add(db);
  return { kind: "ok", user: check.value };
}
