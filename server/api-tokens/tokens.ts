import { createHash, randomBytes } from "node:crypto";

import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { apiTokens, roles, users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { Role, SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "@/server/errors";
import { recordId, text } from "@/server/input";

import { apiScopes } from "./scopes";

/** Every token starts with this, so that secret scanners and people recognise one (docs/api.md). */
export const TOKEN_PREFIX = "tl_";
/** Service users of tokens live under this reserved domain: no mail reaches it and no identity provider issues it. */
export const SERVICE_ACCOUNT_DOMAIN = "service-account.invalid";

export const createApiTokenInput = z.strictObject({
  name: text(80).trim().min(2, "Name the token after the system that uses it (at least 2 characters)."),
  role: z.enum(roles),
  scopes: z.array(z.enum(apiScopes)).max(apiScopes.length).default([]),
  /** Empty: the token does not expire (revoke it when it is no longer needed). */
  expiresAt: z.coerce.date("The expiry is a date like 2027-06-30.").optional(),
});
export const revokeApiTokenInput = z.strictObject({ id: recordId });

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token and its service user; the token itself is in the answer and nowhere else. */
export async function createApiToken(db: DbOrTx, actor: SessionUser, input: z.input<typeof createApiTokenInput>, now = new Date()) {
  const data = createApiTokenInput.parse(input);
  if (data.expiresAt && data.expiresAt <= now) throw new ValidationError("The expiry must be in the future.");
  // 32 random bytes: 256 bits, far beyond guessing; base64url keeps it one word in a header.
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(sql`lower(${apiTokens.name}) = lower(${data.name})`);
    if (taken) throw new ConflictError(`A token named "${data.name}" already exists; revoked tokens keep their names.`);
    const [user] = await tx
      .insert(users)
      .values({ email: `token-${randomBytes(6).toString("hex")}@${SERVICE_ACCOUNT_DOMAIN}`, name: `API token ${data.name}`, role: data.role, isActive: false })
      .returning({ id: users.id });
    if (!user) throw new Error("insert returned no row");
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name: data.name, prefix: token.slice(0, TOKEN_PREFIX.length + 8), tokenHash: hashToken(token), scopes: data.scopes, expiresAt: data.expiresAt ?? null, createdById: actor.id })
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt });
    if (!row) throw new Error("insert returned no row");
    await appendAudit(tx, { ...auditActor(actor), action: "api_token.created", entityType: "api_token", entityId: String(row.id), data: { name: data.name, role: data.role, scopes: data.scopes, expiresAt: data.expiresAt?.toISOString() ?? null } });
    return { ...row, role: data.role, token };
  });
}

export function listApiTokens(db: DbOrTx) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: users.role,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.id));
}

export async function revokeApiToken(db: DbOrTx, actor: SessionUser, input: z.input<typeof revokeApiTokenInput>) {
  const { id } = revokeApiTokenInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(apiTokens).set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` }).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt });
    if (!row) throw new NotFoundError(`No API token has the id ${id}.`);
    await appendAudit(tx, { ...auditActor(actor), action: "api_token.revoked", entityType: "api_token", entityId: String(id), data: { name: row.name } });
    return row;
  });
}

export type TokenCheck =
  | { kind: "ok"; user: SessionUser; token: { id: number; name: string; scopes: string[] } }
  | { kind: "unauthorized"; detail: string }
  | { kind: "rate_limited"; retryAfterSeconds: number; limit: number };

/**
 * Who a bearer token is, counted against its rate limit in the same statement
 * that records its last use: a fixed one-minute window kept in Postgres, so all
 * web processes share it (docs/api.md).
 */
export async function checkApiToken(db: DbOrTx, token: string, limitPerMinute: number): Promise<TokenCheck> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return { kind: "unauthorized", detail: "This is not a Threadline API token." };
  const hash = hashToken(token);
  const fresh = sql.raw("t.rate_window_start is not null and t.rate_window_start > now() - interval '1 minute'");
  const rows = await db.execute<{ id: number; name: string; scopes: string[]; user_id: number; user_name: string; email: string; role: Role; rate_count: number; retry_after: number }>(sql`
    update api_tokens t set
      last_used_at = now(),
      rate_window_start = case when ${fresh} then t.rate_window_start else now() end,
      rate_count = case when ${fresh} then t.rate_count + 1 else 1 end
    from users u
    where u.id = t.user_id and t.token_hash = ${hash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
    returning t.id, t.name, t.scopes, u.id as user_id, u.name as user_name, u.email, u.role, t.rate_count,
      greatest(1, ceil(extract(epoch from (t.rate_window_start + interval '1 minute' - now()))))::int as retry_after`);
  const row = rows[0];
  if (!row) {
    const [known] = await db.select({ revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hash));
    if (!known) return { kind: "unauthorized", detail: "This API token is not known." };
    return { kind: "unauthorized", detail: known.revokedAt ? "This API token has been revoked." : "This API token has expired." };
  }
  if (row.rate_count > limitPerMinute) return { kind: "rate_limited", retryAfterSeconds: row.retry_after, limit: limitPerMinute };
  return { kind: "ok", user: { id: row.user_id, name: row.user_name, email: row.email, role: row.role }, token: { id: row.id, name: row.name, scopes: row.scopes } };
}
