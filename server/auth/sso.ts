import { and, eq, isNull, sql } from "drizzle-orm";

import type { Db, DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";

import type { SessionUser } from "./roles";

/** What a sign-in needs from the identity provider, gathered by `ssoClaims`. */
export interface SsoClaims {
  issuer: string;
  subject: string;
  email: string | null;
  isEmailVerified: boolean;
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
export function ssoClaims(idTokenJwt: string, userinfo: ClaimSet): SsoClaims {
  const idToken = idTokenPayload(idTokenJwt);
  const source = typeof idToken.email === "string" ? idToken : userinfo;
  return {
    issuer: String(idToken.iss),
    subject: String(idToken.sub),
    email: typeof source.email === "string" ? source.email : null,
    isEmailVerified: source.email_verified === true,
  };
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

async function decide(db: DbOrTx, claims: SsoClaims): Promise<SsoResult> {
  const linked = await userBySsoIdentity(db, claims);
  if (linked) return linked.isActive ? { kind: "ok", user: linked } : { kind: "refused", reason: "the user is deactivated" };

  if (!claims.email) return { kind: "refused", reason: "the identity provider sent no e-mail address" };
  if (!claims.isEmailVerified) return { kind: "refused", reason: "the identity provider has not verified the e-mail address" };
  const [user] = await db
    .select(userColumns)
    .from(users)
    .where(eq(sql`lower(${users.email})`, claims.email.toLowerCase()))
    .limit(1);
  if (!user) return { kind: "refused", reason: "no Threadline user has this e-mail address" };
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
 * move anyone into another user. Every outcome is audited.
 */
export function signInWithSso(db: Db, claims: SsoClaims): Promise<SsoResult> {
  const data = { method: "sso", issuer: claims.issuer, subject: claims.subject, email: claims.email };
  return db.transaction(async (tx) => {
    const result = await decide(tx, claims);
    if (result.kind === "ok") {
      const { id, name, email, role } = result.user;
      await appendAudit(tx, { ...auditActor(result.user), action: "auth.sign_in", entityType: "user", entityId: String(id), data });
      return { kind: "ok", user: { id, name, email, role } };
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
