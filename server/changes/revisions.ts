import { createHash } from "node:crypto";

import { and, asc, desc, eq, inArray } from "drizzle-orm";

import { one, type DbOrTx, type Tx } from "@/db";
import { bomLines, documentRevisions, documents, operationCharacteristics, partRevisions, parts, routingOperations, stations } from "@/db/schema";
import { ConflictError, ValidationError } from "@/server/errors";

/** The revision production builds today, if the part has one. */
export async function releasedRevision(tx: DbOrTx, partId: number) {
  const [rev] = await tx.select().from(partRevisions).where(and(eq(partRevisions.partId, partId), eq(partRevisions.status, "released"))).orderBy(desc(partRevisions.id)).limit(1);
  return rev ?? null;
}

function nextLetter(revisions: string[]) {
  const letters = revisions.filter((r) => /^[A-Z]$/.test(r)).sort();
  const last = letters[letters.length - 1];
  if (!last) return "A";
  if (last === "Z") throw new ConflictError("This part has used every revision letter A–Z.");
  return String.fromCharCode(last.charCodeAt(0) + 1);
}

/** A new draft revision, starting as a copy of the released one (BOM, routing, characteristics). */
export async function createDraftRevision(tx: Tx, partId: number, ecoNumber: string) {
  const from = await releasedRevision(tx, partId);
  const existing = await tx.select({ revision: partRevisions.revision }).from(partRevisions).where(eq(partRevisions.partId, partId));
  const revision = nextLetter(existing.map((r) => r.revision));
  const to = one(await tx.insert(partRevisions).values({ partId, revision, status: "draft", description: `Drafted in ${ecoNumber}` }).returning());
  if (from) {
    const bom = await tx.select().from(bomLines).where(eq(bomLines.parentRevisionId, from.id));
    if (bom.length) await tx.insert(bomLines).values(bom.map(({ id: _id, ...b }) => ({ ...b, parentRevisionId: to.id })));
    const ops = await tx.select().from(routingOperations).where(eq(routingOperations.partRevisionId, from.id)).orderBy(asc(routingOperations.sequence));
    for (const { id: oldId, ...op } of ops) {
      const copy = one(await tx.insert(routingOperations).values({ ...op, partRevisionId: to.id }).returning());
      await copyCharacteristics(tx, oldId, copy.id);
    }
  }
  return { from, to };
}

async function copyCharacteristics(tx: Tx, fromOperationId: number, toOperationId: number) {
  const chars = await tx.select().from(operationCharacteristics).where(eq(operationCharacteristics.routingOperationId, fromOperationId));
  if (chars.length) await tx.insert(operationCharacteristics).values(chars.map(({ id: _id, ...c }) => ({ ...c, routingOperationId: toOperationId })));
}

export interface BomInput {
  findNumber: number;
  partNumber: string;
  qty: number;
  referenceDesignator?: string | null;
}

export interface RoutingInput {
  sequence: number;
  operationCode: string;
  description: string;
  station: string | null;
  /** New work instruction text; null keeps the instruction the operation already points at. */
  workInstructionText?: string | null;
}

function duplicates<T>(values: T[]) {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Replaces the draft revision's BOM and routing with what the editor sent. */
export async function replaceRevisionContent(tx: Tx, draft: { id: number; partId: number; revision: string }, fromRevisionId: number | null, bom: BomInput[], routing: RoutingInput[]) {
  const [part] = await tx.select().from(parts).where(eq(parts.id, draft.partId));
  if (!part) throw new ValidationError("The part of this revision no longer exists.");
  const dupFind = duplicates(bom.map((b) => b.findNumber));
  if (dupFind.length) throw new ValidationError(`Find number(s) ${dupFind.join(", ")} appear more than once in the BOM.`);
  const dupSeq = duplicates(routing.map((r) => r.sequence));
  if (dupSeq.length) throw new ValidationError(`Operation sequence(s) ${dupSeq.join(", ")} appear more than once in the routing.`);
  const dupCode = duplicates(routing.map((r) => r.operationCode));
  if (dupCode.length) throw new ValidationError(`Operation code(s) ${dupCode.join(", ")} appear more than once in the routing.`);

  const childNumbers = [...new Set(bom.map((b) => b.partNumber))];
  const children = childNumbers.length ? await tx.select({ id: parts.id, partNumber: parts.partNumber }).from(parts).where(inArray(parts.partNumber, childNumbers)) : [];
  const unknownParts = childNumbers.filter((n) => !children.some((c) => c.partNumber === n));
  if (unknownParts.length) throw new ValidationError(`Unknown part number(s) in the BOM: ${unknownParts.join(", ")}.`);
  if (childNumbers.includes(part.partNumber)) throw new ValidationError(`${part.partNumber} cannot contain itself.`);

  const stationCodes = [...new Set(routing.flatMap((r) => (r.station ? [r.station] : [])))];
  const stationRows = stationCodes.length ? await tx.select({ id: stations.id, code: stations.code, lineId: stations.lineId }).from(stations).where(inArray(stations.code, stationCodes)) : [];
  const unknownStations = stationCodes.filter((c) => !stationRows.some((s) => s.code === c));
  if (unknownStations.length) throw new ValidationError(`Unknown station(s) in the routing: ${unknownStations.join(", ")}.`);

  // Instructions and characteristics follow the operation code: from this draft first, else from the released revision.
  const previousOps = await tx.select().from(routingOperations).where(inArray(routingOperations.partRevisionId, fromRevisionId ? [draft.id, fromRevisionId] : [draft.id]));
  const previousByCode = new Map<string, (typeof previousOps)[number]>();
  for (const op of previousOps.filter((o) => o.partRevisionId !== draft.id)) previousByCode.set(op.operationCode, op);
  for (const op of previousOps.filter((o) => o.partRevisionId === draft.id)) previousByCode.set(op.operationCode, op);
  const characteristicSource = new Map<string, number>();
  for (const op of previousOps.filter((o) => o.partRevisionId !== draft.id)) characteristicSource.set(op.operationCode, op.id);

  const draftOpIds = previousOps.filter((o) => o.partRevisionId === draft.id).map((o) => o.id);
  if (draftOpIds.length) {
    // Keep the characteristics the author already had on this draft.
    const kept = await tx.select().from(operationCharacteristics).where(inArray(operationCharacteristics.routingOperationId, draftOpIds));
    const savedByCode = new Map<string, typeof kept>();
    for (const op of previousOps.filter((o) => o.partRevisionId === draft.id)) savedByCode.set(op.operationCode, kept.filter((k) => k.routingOperationId === op.id));
    await tx.delete(operationCharacteristics).where(inArray(operationCharacteristics.routingOperationId, draftOpIds));
    await tx.delete(routingOperations).where(eq(routingOperations.partRevisionId, draft.id));
    await insertRouting(tx, draft, part.partNumber, routing, stationRows, previousByCode, async (code, newId) => {
      const saved = savedByCode.get(code);
      if (saved?.length) await tx.insert(operationCharacteristics).values(saved.map(({ id: _id, ...c }) => ({ ...c, routingOperationId: newId })));
    });
  } else {
    await insertRouting(tx, draft, part.partNumber, routing, stationRows, previousByCode, async (code, newId) => {
      const source = characteristicSource.get(code);
      if (source) await copyCharacteristics(tx, source, newId);
    });
  }

  await tx.delete(bomLines).where(eq(bomLines.parentRevisionId, draft.id));
  if (bom.length) {
    const idOf = new Map(children.map((c) => [c.partNumber, c.id]));
    await tx.insert(bomLines).values(bom.map((b) => ({ parentRevisionId: draft.id, childPartId: idOf.get(b.partNumber) ?? 0, findNumber: b.findNumber, qty: b.qty, referenceDesignator: b.referenceDesignator || null })));
  }
}

async function insertRouting(
  tx: Tx,
  draft: { id: number; revision: string },
  partNumber: string,
  routing: RoutingInput[],
  stationRows: { id: number; code: string; lineId: number }[],
  previousByCode: Map<string, { workInstructionRevisionId: number | null; lineId: number | null }>,
  afterInsert: (operationCode: string, newId: number) => Promise<void>,
) {
  for (const op of routing) {
    const station = stationRows.find((s) => s.code === op.station) ?? null;
    const previous = previousByCode.get(op.operationCode);
    const workInstructionRevisionId = op.workInstructionText?.trim()
      ? await draftWorkInstruction(tx, partNumber, op.operationCode, op.description, draft.revision, op.workInstructionText.trim())
      : (previous?.workInstructionRevisionId ?? null);
    const row = one(
      await tx
        .insert(routingOperations)
        .values({ partRevisionId: draft.id, sequence: op.sequence, operationCode: op.operationCode, description: op.description, stationId: station?.id ?? null, lineId: station?.lineId ?? previous?.lineId ?? null, workInstructionRevisionId })
        .returning(),
    );
    await afterInsert(op.operationCode, row.id);
  }
}

/** Work instructions are versioned, never overwritten: the draft gets its own document revision, named after the part revision. */
async function draftWorkInstruction(tx: Tx, partNumber: string, operationCode: string, description: string, revision: string, text: string) {
  const documentNumber = `WI-${partNumber}-${operationCode}`;
  await tx.insert(documents).values({ documentNumber, title: `${description} (${partNumber})`, kind: "work_instruction" }).onConflictDoNothing();
  const [doc] = await tx.select().from(documents).where(eq(documents.documentNumber, documentNumber));
  if (!doc) throw new ValidationError(`Work instruction ${documentNumber} could not be created.`);
  const content = Buffer.from(text, "utf8");
  const sha256 = createHash("sha256").update(content).digest("hex");
  const [existing] = await tx.select().from(documentRevisions).where(and(eq(documentRevisions.documentId, doc.id), eq(documentRevisions.revision, revision)));
  if (existing) {
    if (existing.status !== "draft") throw new ConflictError(`${documentNumber} rev ${revision} is already ${existing.status}; it cannot change.`);
    if (existing.sha256 !== sha256) await tx.update(documentRevisions).set({ content, sha256 }).where(eq(documentRevisions.id, existing.id));
    return existing.id;
  }
  const row = one(
    await tx.insert(documentRevisions).values({ documentId: doc.id, revision, status: "draft", fileName: `${documentNumber}-${revision}.md`, contentType: "text/markdown", sha256, content }).returning(),
  );
  return row.id;
}

/** Draft work instructions of a revision become released with it; the ones they replace are superseded. */
export async function releaseWorkInstructions(tx: Tx, toRevisionId: number, fromRevisionId: number | null) {
  const newOps = await tx.select({ wi: routingOperations.workInstructionRevisionId }).from(routingOperations).where(eq(routingOperations.partRevisionId, toRevisionId));
  const newIds = newOps.flatMap((o) => (o.wi ? [o.wi] : []));
  if (newIds.length) await tx.update(documentRevisions).set({ status: "released" }).where(and(inArray(documentRevisions.id, newIds), eq(documentRevisions.status, "draft")));
  if (!fromRevisionId) return;
  const oldOps = await tx.select({ wi: routingOperations.workInstructionRevisionId }).from(routingOperations).where(eq(routingOperations.partRevisionId, fromRevisionId));
  const replaced = oldOps.flatMap((o) => (o.wi && !newIds.includes(o.wi) ? [o.wi] : []));
  if (replaced.length) await tx.update(documentRevisions).set({ status: "superseded" }).where(and(inArray(documentRevisions.id, replaced), eq(documentRevisions.status, "released")));
}

export async function workInstructionText(tx: DbOrTx, documentRevisionId: number) {
  const [doc] = await tx.select({ content: documentRevisions.content, contentType: documentRevisions.contentType }).from(documentRevisions).where(eq(documentRevisions.id, documentRevisionId));
  return doc?.contentType.startsWith("text/") ? doc.content.toString("utf8") : null;
}

export async function listStations(db: DbOrTx) {
  return db.select({ code: stations.code, name: stations.name }).from(stations).orderBy(asc(stations.code));
}
