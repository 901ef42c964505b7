import { createHash } from "node:crypto";

import { asc, eq, inArray } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { bomLines, documentRevisions, ecoRevisionChanges, ecos, partRevisions, parts, routingOperations, stations } from "@/db/schema";
import { NotFoundError } from "@/server/errors";

export interface EcoBomLine {
  findNumber: number;
  partNumber: string;
  qty: number;
  referenceDesignator: string | null;
}

export interface EcoRoutingStep {
  sequence: number;
  operationCode: string;
  description: string;
  station: string | null;
  /** sha256 of the work instruction revision the operation points at; absent where none is known. */
  workInstruction?: string | null;
}

export interface EcoContent {
  number: string;
  title: string;
  description: string;
  effectivity: string;
  effectivityValue: string;
  changes: { partNumber: string; fromRevision: string | null; toRevision: string; bom: EcoBomLine[]; routing: EcoRoutingStep[] }[];
}

/** What a signature signs: any edit to the ECO changes this hash and so voids earlier signatures. */
export function ecoContentHash(content: EcoContent): string {
  const sorted = {
    ...content,
    changes: [...content.changes]
      .sort((a, b) => a.partNumber.localeCompare(b.partNumber))
      .map((c) => ({ ...c, bom: [...c.bom].sort((a, b) => a.findNumber - b.findNumber), routing: [...c.routing].sort((a, b) => a.sequence - b.sequence) })),
  };
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

/** BOM lines and routing of revisions, by revision id, in the shape the content hash and the diff use. */
export async function loadRevisionContent(db: DbOrTx, revisionIds: number[]) {
  const result = new Map<number, { bom: EcoBomLine[]; routing: EcoRoutingStep[] }>();
  if (revisionIds.length === 0) return result;
  for (const id of revisionIds) result.set(id, { bom: [], routing: [] });
  const bom = await db
    .select({ revisionId: bomLines.parentRevisionId, findNumber: bomLines.findNumber, partNumber: parts.partNumber, qty: bomLines.qty, referenceDesignator: bomLines.referenceDesignator })
    .from(bomLines)
    .innerJoin(parts, eq(parts.id, bomLines.childPartId))
    .where(inArray(bomLines.parentRevisionId, revisionIds))
    .orderBy(asc(bomLines.findNumber));
  const routing = await db
    .select({ revisionId: routingOperations.partRevisionId, sequence: routingOperations.sequence, operationCode: routingOperations.operationCode, description: routingOperations.description, station: stations.code, workInstruction: documentRevisions.sha256 })
    .from(routingOperations)
    .leftJoin(stations, eq(stations.id, routingOperations.stationId))
    .leftJoin(documentRevisions, eq(documentRevisions.id, routingOperations.workInstructionRevisionId))
    .where(inArray(routingOperations.partRevisionId, revisionIds))
    .orderBy(asc(routingOperations.sequence));
  for (const { revisionId, ...line } of bom) result.get(revisionId)?.bom.push({ ...line, qty: Number(line.qty) });
  for (const { revisionId, ...step } of routing) result.get(revisionId)?.routing.push(step);
  return result;
}

/** The ECO as it stands in the database, ready for `ecoContentHash`. */
export async function loadEcoContent(db: DbOrTx, ecoId: number): Promise<EcoContent> {
  const [eco] = await db.select().from(ecos).where(eq(ecos.id, ecoId));
  if (!eco) throw new NotFoundError(`No ECO with id ${ecoId}.`);
  const changes = await db.select().from(ecoRevisionChanges).where(eq(ecoRevisionChanges.ecoId, ecoId));
  const revisionIds = changes.flatMap((c) => (c.fromRevisionId ? [c.fromRevisionId, c.toRevisionId] : [c.toRevisionId]));
  const revisions = revisionIds.length
    ? await db.select({ id: partRevisions.id, revision: partRevisions.revision, partNumber: parts.partNumber }).from(partRevisions).innerJoin(parts, eq(parts.id, partRevisions.partId)).where(inArray(partRevisions.id, revisionIds))
    : [];
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const content = await loadRevisionContent(db, changes.map((c) => c.toRevisionId));
  return {
    number: eco.number,
    title: eco.title,
    description: eco.description,
    effectivity: eco.effectivity,
    effectivityValue: eco.effectivityValue,
    changes: changes.map((c) => {
      const to = byId.get(c.toRevisionId);
      return {
        partNumber: to?.partNumber ?? "",
        fromRevision: c.fromRevisionId ? (byId.get(c.fromRevisionId)?.revision ?? null) : null,
        toRevision: to?.revision ?? "",
        bom: content.get(c.toRevisionId)?.bom ?? [],
        routing: content.get(c.toRevisionId)?.routing ?? [],
      };
    }),
  };
}

export async function currentEcoHash(db: DbOrTx, ecoId: number) {
  return ecoContentHash(await loadEcoContent(db, ecoId));
}
