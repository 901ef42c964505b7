import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { bytea } from "./columns";
import { parts, partRevisions } from "./engineering";
import { lines } from "./equipment";
import { roleEnum, users } from "./governance";

export const ecrReasonEnum = pgEnum("ecr_reason", ["defect", "cost", "supplier", "customer", "regulatory"]);
export const priorityEnum = pgEnum("priority", ["low", "medium", "high", "critical"]);
export const ecrStatusEnum = pgEnum("ecr_status", ["draft", "submitted", "in_review", "approved", "rejected"]);
export const ecoStatusEnum = pgEnum("eco_status", ["draft", "in_review", "approved", "released", "rejected", "cancelled"]);
export const effectivityEnum = pgEnum("effectivity", ["date", "serial", "work_order"]);
export const decisionEnum = pgEnum("decision", ["approved", "rejected"]);

export const ecrs = pgTable(
  "ecrs",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    number: text().notNull(),
    title: text().notNull(),
    problem: text().notNull(),
    reason: ecrReasonEnum().notNull(),
    priority: priorityEnum().notNull(),
    status: ecrStatusEnum().notNull().default("draft"),
    requesterId: integer()
      .notNull()
      .references(() => users.id),
    /** Links to the evidence: units, lots, measurements, as { kind, ref } pairs. */
    evidence: jsonb().$type<{ kind: string; ref: string }[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    decidedAt: timestamp({ withTimezone: true }),
    /** Who took the request into review and decided it. */
    reviewerId: integer().references(() => users.id),
    /** Why it was approved or rejected; required for a rejection. */
    decisionComment: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ecrs_number_key").on(t.number), index("ecrs_status_idx").on(t.status)],
);

export const ecrAffectedParts = pgTable(
  "ecr_affected_parts",
  {
    ecrId: integer()
      .notNull()
      .references(() => ecrs.id),
    partId: integer()
      .notNull()
      .references(() => parts.id),
  },
  (t) => [primaryKey({ columns: [t.ecrId, t.partId] })],
);

/** Files attached to a request (photos, reports, drawings); their hash goes into the audit log. */
export const ecrAttachments = pgTable(
  "ecr_attachments",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ecrId: integer()
      .notNull()
      .references(() => ecrs.id),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    uploadedById: integer()
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ecr_attachments_ecr_idx").on(t.ecrId)],
);

export const ecos = pgTable(
  "ecos",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    number: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    status: ecoStatusEnum().notNull().default("draft"),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    effectivity: effectivityEnum().notNull(),
    /** ISO date, first serial number or work order number, by effectivity kind. */
    effectivityValue: text().notNull(),
    /** Roles that must sign before release. */
    requiredRoles: roleEnum().array().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** Why the order was withdrawn; required to cancel. */
    cancelReason: text(),
  },
  (t) => [uniqueIndex("ecos_number_key").on(t.number), index("ecos_status_idx").on(t.status)],
);

export const ecoEcrs = pgTable(
  "eco_ecrs",
  {
    ecoId: integer()
      .notNull()
      .references(() => ecos.id),
    ecrId: integer()
      .notNull()
      .references(() => ecrs.id),
  },
  (t) => [primaryKey({ columns: [t.ecoId, t.ecrId] })],
);

/** One part revision change per row: from the current released revision to a new draft one. */
export const ecoRevisionChanges = pgTable(
  "eco_revision_changes",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ecoId: integer()
      .notNull()
      .references(() => ecos.id),
    fromRevisionId: integer().references(() => partRevisions.id),
    toRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
  },
  (t) => [uniqueIndex("eco_revision_changes_to_key").on(t.toRevisionId), index("eco_revision_changes_eco_idx").on(t.ecoId)],
);

/** An electronic signature: who, as which role, what it means, and the content it signed. */
export const ecoApprovals = pgTable(
  "eco_approvals",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ecoId: integer()
      .notNull()
      .references(() => ecos.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    signerName: text().notNull(),
    role: roleEnum().notNull(),
    decision: decisionEnum().notNull(),
    meaning: text().notNull(),
    comment: text(),
    contentHash: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set when the ECO changed after signing; a voided signature no longer counts. */
    voidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("eco_approvals_eco_idx").on(t.ecoId)],
);

/** Shown on a line's page once a released change reaches its work orders. */
export const lineNotices = pgTable(
  "line_notices",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lineId: integer()
      .notNull()
      .references(() => lines.id),
    ecoId: integer().references(() => ecos.id),
    message: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: integer().references(() => users.id),
  },
  (t) => [index("line_notices_line_idx").on(t.lineId, t.createdAt)],
);

export type Ecr = typeof ecrs.$inferSelect;
export type Eco = typeof ecos.$inferSelect;
