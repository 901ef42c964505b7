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
