import { sql } from "drizzle-orm";

import type { Tx } from "@/db";
import { pgArray } from "@/server/kpis/sql-array";

import type { Progress } from "./formats";
import type { ImportPlan } from "./validate";

const DESCRIPTION = "Imported baseline";
const REVISION = "A";

/**
 * Writes the plan as each new part's released baseline revision. Bulk inserts go through unnest of
 * one array per column: one statement per table, whatever the row count (bench/import.ts).
 */
export async function writePlan(tx: Tx, plan: ImportPlan, onProgress: Progress = () => {}) {
  const total = 6;
  const step = (phase: string, done: number) => onProgress({ phase, done, total });

  step("Writing parts", 0);
  const partRows = await tx.execute<{ id: number; part_number: string }>(sql`
    insert into parts (part_number, name, make_buy, is_serialized, unit_of_measure, gtin)
    select * from unnest(${pgArray(plan.parts.map((p) => p.partNumber))}::text[], ${pgArray(plan.parts.map((p) => p.name))}::text[],
      ${pgArray(plan.parts.map((p) => p.makeBuy))}::make_buy[], ${pgArray(plan.parts.map((p) => String(p.isSerialized)))}::boolean[],
      ${pgArray(plan.parts.map((p) => p.unitOfMeasure))}::text[], ${pgArray(plan.parts.map((p) => p.gtin))}::text[])
    returning id, part_number`);
  const partIds = new Map(plan.existingPartIds);
  for (const p of partRows) partIds.set(p.part_number, p.id);
  const partId = (partNumber: string) => partIds.get(partNumber) ?? 0;

  step("Writing revisions", 1);
  const revisionRows = await tx.execute<{ id: number; part_id: number }>(sql`
    insert into part_revisions (part_id, revision, status, description, released_at)
    select id, ${REVISION}, 'released', ${DESCRIPTION}, now() from unnest(${pgArray(partRows.map((p) => p.id))}::int[]) as t(id)
    returning id, part_id`);
  const revisionByPartId = new Map(revisionRows.map((r) => [r.part_id, r.id]));
  const revisionOf = (partNumber: string) => revisionByPartId.get(partId(partNumber)) ?? 0;

  step("Writing documents", 2);
  const documentRevisionIds = new Map(plan.existingDocumentRevisionIds);
  if (plan.documents.length) {
    const docs = plan.documents;
    const documentRows = await tx.execute<{
      id: number;
      document_number: string;
    }>(sql`
      insert into documents (document_number, title, kind)
      select * from unnest(${pgArray(docs.map((d) => d.documentNumber))}::text[], ${pgArray(docs.map((d) => d.title))}::text[], ${pgArray(docs.map((d) => d.kind))}::document_kind[])
      returning id, document_number`);
    const documentIds = new Map(documentRows.map((d) => [d.document_number, d.id]));
    const revisions = await tx.execute<{ id: number; document_id: number }>(sql`
      insert into document_revisions (document_id, revision, status, file_name, content_type, sha256, content)
      select document_id, revision, 'released', file_name, content_type, sha256, content
      from unnest(${pgArray(docs.map((d) => documentIds.get(d.documentNumber) ?? 0))}::int[], ${pgArray(docs.map((d) => d.revision))}::text[],
        ${pgArray(docs.map((d) => d.fileName))}::text[], ${pgArray(docs.map((d) => d.contentType))}::text[], ${pgArray(docs.map((d) => d.sha256))}::text[],
        ${pgArray(docs.map((d) => `\\x${d.content.toString("hex")}`))}::bytea[]) as t(document_id, revision, file_name, content_type, sha256, content)
      returning id, document_id`);
    const numberById = new Map(documentRows.map((d) => [d.id, d.document_number]));
    for (const r of revisions) documentRevisionIds.set(numberById.get(r.document_id) ?? "", r.id);
  }

  step("Writing BOM lines", 3);
  const bom = plan.bom;
  await tx.execute(sql`
    insert into bom_lines (parent_revision_id, child_part_id, find_number, qty, reference_designator)
    select * from unnest(${pgArray(bom.map((b) => revisionOf(b.parent)))}::int[], ${pgArray(bom.map((b) => partId(b.child)))}::int[],
      ${pgArray(bom.map((b) => b.findNumber))}::int[], ${pgArray(bom.map((b) => b.qty))}::numeric[], ${pgArray(bom.map((b) => b.referenceDesignator))}::text[])`);

  step("Writing routing operations", 4);
  const ops = plan.routing;
  const opRows = await tx.execute<{
    id: number;
    part_revision_id: number;
    operation_code: string;
  }>(sql`
    insert into routing_operations (part_revision_id, sequence, operation_code, description, line_id, station_id, work_instruction_revision_id)
    select * from unnest(${pgArray(ops.map((o) => revisionOf(o.part)))}::int[], ${pgArray(ops.map((o) => o.sequence))}::int[], ${pgArray(ops.map((o) => o.opCode))}::text[],
      ${pgArray(ops.map((o) => o.description))}::text[], ${pgArray(ops.map((o) => plan.stations.get(o.stationCode)?.lineId ?? 0))}::int[],
      ${pgArray(ops.map((o) => plan.stations.get(o.stationCode)?.id ?? 0))}::int[],
      ${pgArray(ops.map((o) => (o.workInstruction ? (documentRevisionIds.get(o.workInstruction) ?? null) : null)))}::int[])
    returning id, part_revision_id, operation_code`);
  const operationIds = new Map(opRows.map((o) => [`${o.part_revision_id}\u0000${o.operation_code}`, o.id]));

  step("Writing characteristics", 5);
  const chars = plan.characteristics;
  await tx.execute(sql`
    insert into operation_characteristics (routing_operation_id, name, unit, lsl, usl, nominal)
    select * from unnest(${pgArray(chars.map((c) => operationIds.get(`${revisionOf(c.part)}\u0000${c.opCode}`) ?? 0))}::int[], ${pgArray(chars.map((c) => c.name))}::text[],
      ${pgArray(chars.map((c) => c.unit))}::text[], ${pgArray(chars.map((c) => c.lsl))}::numeric[], ${pgArray(chars.map((c) => c.usl))}::numeric[], ${pgArray(chars.map((c) => c.nominal))}::numeric[])`);
  step("Everything written", total);
}
