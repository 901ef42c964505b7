import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { roles, signInFailures, users, type User } from "@/db/schema";
import { SERVICE_ACCOUNT_DOMAIN } from "@/server/api-tokens/tokens";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { checkPassword, lockedMessage, type PasswordLimits } from "@/server/auth/password-attempts";
import { assertPasswordPolicy, PASSWORD_MAX_LENGTH } from "@/server/auth/password-policy";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError, TooManyAttemptsError, ValidationError } from "@/server/errors";
import { recordId, text } from "@/server/input";

const password = text(PASSWORD_MAX_LENGTH);

export const createUserInput = z.object({
  email: text(254).trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")),
  name: text(120).trim().min(2, "Give the user's full name."),
  role: z.enum(roles),
  /** The first password; the user must choose their own at first sign-in. Empty: single sign-on only. */
  password: password.optional(),
});
export const updateUserInput = z.object({ id: recordId, name: text(120).trim().min(2, "Give the user's full name."), role: z.enum(roles) });
export const setUserActiveInput = z.object({ id: recordId, isActive: z.boolean() });
export const resetPasswordInput = z.object({ id: recordId, password });
export const changeOwnPasswordInput = z.object({ current: text(PASSWORD_MAX_LENGTH).min(1, "Enter your current password."), next: password });

export function listUsers(db: DbOrTx) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, mustChangePassword: users.mustChangePassword, hasPassword: sql<boolean>`${users.passwordHash} is not null`, createdAt: users.createdAt })
    .from(users)
    // Service users of API tokens are listed under Admin > API tokens.
    .where(sql`${users.email} not like ${`%@${SERVICE_ACCOUNT_DOMAIN}`}`)
    .orderBy(asc(users.name));
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function lockUser(tx: Tx, id: number): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!user) throw new NotFoundError(`No user has the id ${id}.`);
  return user;
}

/** Role and activity changes take turns, so two administrators demoting each other at once cannot both succeed. */
/** Serialises changes to roles and activity, so that two of them cannot together remove the last administrator. */
export const USER_ADMINISTRATION_LOCK = 7_406_010;

/** A plant must never lose its last way into administration. */
async function assertAnotherActiveAdmin(tx: Tx, leaving: User) {
  if (leaving.role !== "admin" || !leaving.isActive) return;
  const others = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.isActive, true), ne(users.id, leaving.id)));
  if (others.length === 0) throw new ConflictError(`${leaving.name} is the last active administrator; make someone else an administrator first.`);
}

export async function createUser(db: Db, actor: SessionUser, input: z.input<typeof createUserInput>) {
  const data = createUserInput.parse(input);
  const initial = data.password ? data.password : null;
  if (initial) assertPasswordPolicy(initial, data);
  const passwordHash = initial ? await hashPassword(initial) : null;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, role: data.role, passwordHash, mustChangePassword: passwordHash !== null })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    if (!created) throw new Error("insert returned no row");
    await appendAudit(tx, { ...auditActor(actor), action: "user.created", entityType: "user", entityId: String(created.id), data: { email: created.email, name: created.name, role: created.role, hasPassword: passwordHash !== null } });
    return created;
  });
}

export async function updateUser(db: Db, actor: SessionUser, input: z.input<typeof updateUserInput>) {
  const data = updateUserInput.parse(input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${USER_ADMINISTRATION_LOCK})`);
    const before = await lockUser(tx, data.id);
    if (data.role !== "admin") await assertAnotherActiveAdmin(tx, before);
    const [after] = await tx.update(users).set({ name: data.name, role: data.role }).where(eq(users.id, data.id)).returning({ id: users.id, name: users.name, role: users.role });
    const changes = { ...(before.name !== data.name ? { name: { from: before.name, to: data.name } } : {}), ...(before.role !== data.role ? { role: { from: before.role, to: data.role } } : {}) };
    if (Object.keys(changes).length > 0) await appendAudit(tx, { ...auditActor(actor), action: "user.updated", entityType: "user", entityId: String(data.id), data: changes });
    return after;
  });
}

/** Deactivated users cannot sign in; everything they did keeps their name. */
export async function setUserActive(db: Db, actor: SessionUser, input: z.input<typeof setUserActiveInput>) {
  const { id, isActive } = setUserActiveInput.parse(input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${USER_ADMINISTRATION_LOCK})`);
    const before = await lockUser(tx, id);
    if (!isActive) await assertAnotherActiveAdmin(tx, before);
    await tx.update(users).set({ isActive }).where(eq(users.id, id));
    if (before.isActive !== isActive) {
      await appendAudit(tx, { ...auditActor(actor), action: isActive ? "user.reactivated" : "user.deactivated", entityType: "user", entityId: String(id), data: { email: before.email, role: before.role } });
    }
    return { id, isActive };
  });
}

/** An administrator sets a temporary password; the user must replace it at next sign-in. */
export async function resetPassword(db: Db, actor: SessionUser, input: z.input<typeof resetPasswordInput>) {
  const data = resetPasswordInput.parse(input);
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, data.id);
    assertPasswordPolicy(data.password, user);
    await tx.update(users).set({ passwordHash: await hashPassword(data.password), mustChangePassword: true }).where(eq(users.id, user.id));
    // A reset also lifts a lockout: the administrator has just vouched for the person.
    await tx.delete(signInFailures).where(eq(sql`lower(${signInFailures.email})`, user.email.toLowerCase()));
    await appendAudit(tx, { ...auditActor(actor), action: "user.password_reset", entityType: "user", entityId: String(user.id), data: { email: user.email } });
    return { id: user.id, mustChangePassword: true };
  });
}

/** Users change their own password by proving they know the current one, under the limit sign-in shares. */
export async function changeOwnPassword(db: Db, user: SessionUser, input: z.input<typeof changeOwnPasswordInput>, client: { ip: string | null; limits: PasswordLimits }) {
  const data = changeOwnPasswordInput.parse(input);
  const [account] = await db.select().from(users).where(eq(users.id, user.id));
  if (!account) throw new NotFoundError("Your user no longer exists.");
  const currentHash = account.passwordHash;
  if (!currentHash) throw new ValidationError("You sign in through single sign-on; your password is kept by your identity provider.");
  const check = await checkPassword(db, { email: account.email, ip: client.ip, action: "auth.password_change", actor: auditActor(user) }, client.limits, async () =>
    (await verifyPassword(currentHash, data.current)) ? account : null,
  );
  if (check.kind === "locked") throw new TooManyAttemptsError(lockedMessage(check));
  if (check.kind === "invalid") throw new ValidationError("The current password is not right.");
  if (data.current === data.next) throw new ValidationError("Choose a password different from the current one.");
  assertPasswordPolicy(data.next, account);
  const passwordHash = await hashPassword(data.next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    await appendAudit(tx, { ...auditActor(user), action: "user.password_changed", entityType: "user", entityId: String(user.id) });
  });
  return { ok: true as const };
}
