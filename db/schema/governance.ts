import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { roles } from "./roles";

export { roles, type Role } from "./roles";
export const roleEnum = pgEnum("role", roles);

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    email: text().notNull(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    /** Null for users who only sign in through the external identity provider. */
    passwordHash: text(),
    /** Set when an administrator creates the user or resets the password: the user chooses their own at next sign-in. */
    mustChangePassword: boolean().notNull().default(false),
    isActive: boolean().notNull().default(true),
    /** The single sign-on identity (ID token `iss` and `sub`) linked on the user's first verified SSO sign-in. */
    ssoIssuer: text(),
    ssoSubject: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("users_sso_identity_key").on(t.ssoIssuer, t.ssoSubject),
    check("users_sso_identity_check", sql`(${t.ssoIssuer} is null) = (${t.ssoSubject} is null)`),
  ],
);

export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    email: text().notNull(),
    ip: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_email_at_idx").on(sql`lower(${t.email})`, t.at), index("sign_in_failures_ip_at_idx").on(t.ip, t.at)],
);

/**
 * Append-only (enforced by trigger) and hash-chained: hash = sha256(prevHash + canonical entry);
 * mac = HMAC-SHA256(AUDIT_HMAC_KEY, hash), null for entries written before the key (docs/audit.md).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: integer().references(() => users.id),
    actor: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
    mac: text(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId), index("audit_log_at_idx").on(t.at)],
);

export type User = typeof users.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

/**
 * API tokens of service accounts (docs/api.md). Each token acts as its own
 * service user (users row, never able to sign in) so that what it changes
 * carries its name in the audit log and in every "by" column. Only the SHA-256
 * of the token is stored; the token itself is shown once.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    /** The token's first characters ("tl_" and 8 more), to recognise it in lists and logs. */
    prefix: text().notNull(),
    tokenHash: text().notNull(),
    /** Empty: everything the role allows; else only these (server/api-rest/scopes.ts). */
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdById: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Fixed-window rate limit shared by all web processes: the minute being counted and the requests in it. */
    rateWindowStart: timestamp({ withTimezone: true }),
    rateCount: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), uniqueIndex("api_tokens_name_key").on(sql`lower(${t.name})`)],
);

/** What a POST with an Idempotency-Key answered, so that a retry gets the same answer (docs/api.md). */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    tokenId: integer()
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is a 409. */
    requestHash: text().notNull(),
    status: integer().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("api_idempotency_keys_pk").on(t.tokenId, t.key), index("api_idempotency_keys_expires_idx").on(t.expiresAt)],
);

/**
 * The one-time setup code of a portal without users (README, "An empty start"): at most one row,
 * holding only the code's SHA-256. The web server writes it when it starts on an empty users table;
 * creating the first administrator deletes it.
 */
export const setupCode = pgTable(
  "setup_code",
  {
    id: boolean().primaryKey().default(true),
    codeHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("setup_code_single_row_check", sql`${t.id}`)],
);
