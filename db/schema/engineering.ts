import { bigint, boolean, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { bytea } from "./columns";
import { lines, stations } from "./equipment";
import { users } from "./governance";

export const makeBuyEnum = pgEnum("make_buy", ["make", "buy"]);
export const revisionStatusEnum = pgEnum("revision_status", ["draft", "released", "superseded"]);
export const documentKindEnum = pgEnum("document_kind", ["work_instruction", "drawing", "cad", "specification"]);

export const parts = pgTable(
  "parts",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    partNumber: text().notNull(),
    name: text().notNull(),
    makeBuy: makeBuyEnum().notNull(),
    /** Serialised parts get a unit per piece; others are tracked by material lot. */
    isSerialized: boolean().notNull().default(false),
    unitOfMeasure: text().notNull().default("ea"),
    /** GS1 GTIN, when the part is labelled with one. */
    gtin: text(),
  },
  (t) => [uniqueIndex("parts_part_number_key").on(t.partNumber), uniqueIndex("parts_gtin_key").on(t.gtin)],
);

export const partRevisions = pgTable(
  "part_revisions",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    partId: integer()
      .notNull()
      .references(() => parts.id),
    revision: text().notNull(),
    status: revisionStatusEnum().notNull().default("draft"),
    description: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp({ withTimezone: true }),
    /** The ECO that released this revision; null for revisions loaded before change control. */
    releasedByEcoId: integer(),
  },
  (t) => [uniqueIndex("part_revisions_part_revision_key").on(t.partId, t.revision), index("part_revisions_status_idx").on(t.partId, t.status)],
);

export const bomLines = pgTable(
  "bom_lines",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    parentRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
    childPartId: integer()
      .notNull()
      .references(() => parts.id),
    findNumber: integer().notNull(),
    qty: numeric({ precision: 12, scale: 4, mode: "number" }).notNull(),
    referenceDesignator: text(),
  },
  (t) => [
    uniqueIndex("bom_lines_parent_find_number_key").on(t.parentRevisionId, t.findNumber),
    index("bom_lines_child_part_idx").on(t.childPartId),
  ],
);

export const documents = pgTable(
  "documents",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    documentNumber: text().notNull(),
    title: text().notNull(),
    kind: documentKindEnum().notNull(),
  },
  (t) => [uniqueIndex("documents_document_number_key").on(t.documentNumber)],
);

/** Document content is versioned, never overwritten: a new file is a new revision. */
export const documentRevisions = pgTable(
  "document_revisions",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    documentId: integer()
      .notNull()
      .references(() => documents.id),
    revision: text().notNull(),
    status: revisionStatusEnum().notNull().default("draft"),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdById: integer().references(() => users.id),
  },
  (t) => [uniqueIndex("document_revisions_document_revision_key").on(t.documentId, t.revision)],
);

export const partRevisionDocuments = pgTable(
  "part_revision_documents",
  {
    partRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
    documentRevisionId: integer()
      .notNull()
      .references(() => documentRevisions.id),
  },
  (t) => [primaryKey({ columns: [t.partRevisionId, t.documentRevisionId] })],
);

export const routingOperations = pgTable(
  "routing_operations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    partRevisionId: integer()
      .notNull()
      .references(() => partRevisions.id),
    sequence: integer().notNull(),
    operationCode: text().notNull(),
    description: text().notNull(),
    lineId: integer().references(() => lines.id),
    stationId: integer().references(() => stations.id),
    workInstructionRevisionId: integer().references(() => documentRevisions.id),
  },
  (t) => [
    uniqueIndex("routing_operations_revision_sequence_key").on(t.partRevisionId, t.sequence),
    uniqueIndex("routing_operations_revision_code_key").on(t.partRevisionId, t.operationCode),
  ],
);

/** Characteristics a routing operation measures, with their specification limits. */
export const operationCharacteristics = pgTable(
  "operation_characteristics",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    routingOperationId: integer()
      .notNull()
      .references(() => routingOperations.id),
    name: text().notNull(),
    unit: text(),
    lsl: numeric({ mode: "number" }),
    usl: numeric({ mode: "number" }),
    nominal: numeric({ mode: "number" }),
  },
  (t) => [uniqueIndex("operation_characteristics_operation_name_key").on(t.routingOperationId, t.name)],
);

export type Part = typeof parts.$inferSelect;
export type PartRevision = typeof partRevisions.$inferSelect;
export type BomLine = typeof bomLines.$inferSelect;
export type RoutingOperation = typeof routingOperations.$inferSelect;
