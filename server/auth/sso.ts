import { and, eq, isNull, ne, sql } from "drizzle-orm";

import type { Db, DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { USER_ADMINISTRATION_LOCK } from "@/server/admin/users";
import { appendAudit, auditActor } from "@/server/audit/audit-log";

import { highestRole, type Role, type SessionUser } from "./roles";

/** What a sign-in needs from the identity provider, gathered by `ssoClaims`. */
export interface SsoClaims {
  issuer: string;
  subject: string;
  email: string | null;
  isEmailVerified: boolean;
  /** The `name` claim, for a user that single sign-on creates. */
  name?: string | null;
  /** The values of the role claim (AUTH_OIDC_ROLE_CLAIM, e.g. the groups), for AUTH_OIDC_ROLE_MAP. */
  roleClaimValues?: string[];
}

/** AUTH_OIDC_ROLE_CLAIM and AUTH_OIDC_ROLE_MAP: which claim, and which of its values give which role (docs/sso.md). */
export interface RoleMapping {
  claim: string;
  roles: Record<string, Role>;
}

export type SsoResult = { kind: "ok"; user: SessionUser } | { kind: "refused"; reason: string };

type ClaimSet = Record<string, unknown>;

/** The payload of an ID token that @auth/core has already validated. */
function idTokenPayload(idToken: string): ClaimSet {
  return JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as ClaimSet;
}

/**
 * The claims of an SSO sign-in: issuer and subject from the ID token; the e-mail address and its `email_verified` from the ID token when
 * it has an address, else from the userinfo response (some providers send it
 * only there). The pair always comes from one source.
 */
export function ssoClaims(idTokenJwt: string, userinfo: ClaimSet, roleClaim = "groups"): SsoClaims {
  const idToken = idTokenPayload(idTokenJwt);
  const source = typeof idToken.email === "string" ? idToken : userinfo;
  const name = [idToken.name, userinfo.name].find((n): n is string => typeof n === "string" && n.trim() !== "");
  const roleValues = idToken[roleClaim] ?? userinfo[roleClaim];
  return {
    issuer: String(idToken.iss),
    subject: String(idToken.sub),
    email: typeof source.email === "string" ? source.email : null,
    isEmailVerified: source.email_verified === true,
    name: name?.trim() ?? null,
    // A list of values (groups, app roles) or a single one.
    roleClaimValues: (Array.isArray(roleValues) ? roleValues : [roleValues]).filter((v): v is string => typeof v === "string"),
  };
}

/** The role AUTH_OIDC_ROLE_MAP gives these claims: the highest of the matching values' roles (roles.ts, rolePrecedence), or null. */
export function mappedRole(claims: Pick<SsoClaims, "roleClaimValues">, mapping: RoleMapping | undefined): Role | null {
  if (!mapping) return null;
  return highestRole((claims.roleClaimValues ?? []).flatMap((value) => (Object.hasOwn(mapping.roles, value) ? [mapping.roles[value] as Role] : [])));
}

const userColumns = { id: users.id, name: users.name, email: users.email, role: users.role, isActive: users.isActive, ssoSubject: users.ssoSubject };

/** The user linked to this single sign-on identity, active or not. */
export async function userBySsoIdentity(db: DbOrTx, claims: Pick<SsoClaims, "issuer" | "subject">) {
  const [user] = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.ssoIssuer, claims.issuer), eq(users.ssoSubject, claims.subject)))
    .limit(1);
  return user;
}

/** A user for a verified address the role mapping admits; of two first sign-ins at once, one creates it. */
async function createSsoUser(db: DbOrTx, claims: SsoClaims, email: string, role: Role): Promise<SsoResult> {
  const [created] = await db
    .insert(users)
    .values({ email, name: claims.name || email, role, ssoIssuer: claims.issuer, ssoSubject: claims.subject })
    .onConflictDoNothing()
    .returning({ id: users.id, name: users.name, email: users.email, role: users.role });
  if (!created) return { kind: "refused", reason: "another sign-in created this user at the same moment; sign in again" };
  await appendAudit(db, {
    ...auditActor(created),
    action: "user.created",
    entityType: "user",
    entityId: String(created.id),
    data: { email: created.email, name: created.name, role, hasPassword: false, method: "sso", issuer: claims.issuer, subject: claims.subject },
  });
  return { kind: "ok", user: created };
}

/**
 * The mapped role replaces the user's when it differs; audited like an
 * administrator's change, by single sign-on. The last active administrator
 * stays one (as under Admin > Users), so that a mapping cannot lock the plant
 * out of administration.
 */
async function applyMappedRole(db: DbOrTx, user: SessionUser, role: Role | null, claims: SsoClaims): Promise<SessionUser> {
  if (!role || role === user.role) return user;
  const sso = { method: "sso", issuer: claims.issuer, subject: claims.subject };
  const audit = { actorId: null, actor: "single sign-on", entityType: "user", entityId: String(user.id) };
  await db.execute(sql`select pg_advisory_xact_lock(${USER_ADMINISTRATION_LOCK})`);
  if (user.role === "admin") {
    const [other] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.isActive, true), ne(users.id, user.id))).limit(1);
    if (!other) {
      await appendAudit(db, { ...audit, action: "user.role_mapping_skipped", data: { ...sso, role: user.role, mapped: role, reason: "the last active administrator" } });
      return user;
    }
  }
  await db.update(users).set({ role }).where(eq(users.id, user.id));
  await appendAudit(db, { ...audit, action: "user.updated", data: { role: { from: user.role, to: role }, ...sso } });
  return { ...user, role };
}

async function decide(db: DbOrTx, claims: SsoClaims, role: Role | null): Promise<SsoResult> {
  const linked = await userBySsoIdentity(db, claims);
  if (linked) return linked.isActive ? { kind: "ok", user: linked } : { kind: "refused", reason: "the user is deactivated" };

  if (!claims.email) return { kind: "refused", reason: "the identity provider sent no e-mail address" };
  if (!claims.isEmailVerified) return { kind: "refused", reason: "the identity provider has not verified the e-mail address" };
  const [user] = await db
    .select(userColumns)
    .from(users)
    .where(eq(sql`lower(${users.email})`, claims.email.toLowerCase()))
    .limit(1);
  if (!user) return role ? createSsoUser(db, claims, claims.email, role) : { kind: "refused", reason: "no Threadline user has this e-mail address" };
  if (!user.isActive) return { kind: "refused", reason: "the user is deactivated" };
  if (user.ssoSubject !== null) return { kind: "refused", reason: "the user is linked to another single sign-on identity" };

  // Only an unlinked user is linked: of two first sign-ins at once, one wins.
  const updated = await db
    .update(users)
    .set({ ssoIssuer: claims.issuer, ssoSubject: claims.subject })
    .where(and(eq(users.id, user.id), isNull(users.ssoSubject)))
    .returning({ id: users.id });
  if (updated.length === 0) return { kind: "refused", reason: "the user is linked to another single sign-on identity" };
  return { kind: "ok", user };
}

/**
 * Single sign-on for people who already have a Threadline user. The first
 * sign-in needs an e-mail address the provider has verified and links the
 * provider's subject (iss + sub) to the user; later sign-ins match on that
 * subject alone, so a changed or reused address at the provider does not
 * move anyone into another user. With a role mapping, a claim value that maps
 * to a role also admits a verified address without a user (the user is
 * created with that role) and sets the role at every sign-in; without a
 * matching value the user keeps the role they have. Every outcome is audited.
 */
export function signInWithSso(db: Db, claims: SsoClaims, roleMapping?: RoleMapping): Promise<SsoResult> {
  const data = { method: "sso", issuer: claims.issuer, subject: claims.subject, email: claims.email };
  const role = mappedRole(claims, roleMapping);
  return db.transaction(async (tx) => {
    const result = await decide(tx, claims, role);
    if (result.kind === "ok") {
      const { id, name, email, role: current } = result.user;
      const user = await applyMappedRole(tx, { id, name, email, role: current }, role, claims);
      await appendAudit(tx, { ...auditActor(user), action: "auth.sign_in", entityType: "user", entityId: String(id), data });
      return { kind: "ok", user };
    }
    await appendAudit(tx, {
      actorId: null,
      actor: claims.email ?? `${claims.issuer} ${claims.subject}`,
      action: "auth.sign_in_refused",
      entityType: "user",
      entityId: claims.email,
      data: { ...data, reason: result.reason },
    });
    return result;
  });
}
