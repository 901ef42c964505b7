import { asc, desc, eq, ilike, like, or, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { lines, materialLots, partRevisions, parts, units, workOrders } from "@/db/schema";

import { looksLikeGs1, readGs1, type Gs1Reading } from "./gs1";

const LIMIT = 20;

export type SearchHit =
  | { kind: "unit"; serial: string; partNumber: string; revision: string; status: string; workOrder: string | null; isExact: boolean }
  | { kind: "lot"; lotNumber: string; partNumber: string; partName: string; supplier: string | null; status: string; isExact: boolean }
  | { kind: "workOrder"; number: string; partNumber: string; revision: string; line: string; status: string; units: number; isExact: boolean }
  | { kind: "part"; partNumber: string; name: string; gtin: string | null; isExact: boolean };

export interface SearchResult {
  query: string;
  gs1: Gs1Reading | null;
  hits: SearchHit[];
  /** Set when the input names exactly one unit: the page goes straight to its record. */
  redirectTo: string | null;
  message: string | null;
}

export const unitHref = (serial: string) => `/traceability/units/${encodeURIComponent(serial)}`;
export const lotHref = (lotNumber: string) => `/traceability/lots/${encodeURIComponent(lotNumber)}`;

function likePrefix(value: string) {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const unitColumns = { serial: units.serial, partNumber: parts.partNumber, revision: partRevisions.revision, status: units.status, workOrder: workOrders.number };

function unitQuery(db: DbOrTx) {
  return db
    .select(unitColumns)
    .from(units)
    .innerJoin(partRevisions, eq(partRevisions.id, units.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .leftJoin(workOrders, eq(workOrders.id, units.workOrderId));
}

async function findUnits(db: DbOrTx, q: string, isExact: boolean) {
  const rows = await unitQuery(db)
    .where(isExact ? or(eq(units.serial, q), eq(units.serial, q.toUpperCase())) : like(units.serial, likePrefix(q.toUpperCase())))
    .orderBy(asc(units.serial))
    .limit(LIMIT);
  return rows.map((r): SearchHit => ({ kind: "unit", ...r, isExact }));
}

async function findLots(db: DbOrTx, q: string, isExact: boolean) {
  const rows = await db
    .select({ lotNumber: materialLots.lotNumber, partNumber: parts.partNumber, partName: parts.name, supplier: materialLots.supplier, status: materialLots.status })
    .from(materialLots)
    .innerJoin(parts, eq(parts.id, materialLots.partId))
    .where(isExact ? or(eq(materialLots.lotNumber, q), eq(materialLots.lotNumber, q.toUpperCase())) : ilike(materialLots.lotNumber, likePrefix(q)))
    .orderBy(asc(materialLots.lotNumber))
    .limit(LIMIT);
  return rows.map((r): SearchHit => ({ kind: "lot", ...r, isExact }));
}

async function findWorkOrders(db: DbOrTx, q: string, isExact: boolean) {
  const rows = await db
    .select({ number: workOrders.number, partNumber: parts.partNumber, revision: partRevisions.revision, line: lines.code, status: workOrders.status, units: sql<number>`(select count(*)::int from ${units} where ${units.workOrderId} = ${workOrders.id})` })
    .from(workOrders)
    .innerJoin(partRevisions, eq(partRevisions.id, workOrders.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .innerJoin(lines, eq(lines.id, workOrders.lineId))
    .where(isExact ? or(eq(workOrders.number, q), eq(workOrders.number, q.toUpperCase())) : ilike(workOrders.number, likePrefix(q)))
    .orderBy(asc(workOrders.number))
    .limit(LIMIT);
  return rows.map((r): SearchHit => ({ kind: "workOrder", ...r, isExact }));
}

async function findParts(db: DbOrTx, q: string, isExact: boolean) {
  const rows = await db
    .select({ partNumber: parts.partNumber, name: parts.name, gtin: parts.gtin })
    .from(parts)
    .where(isExact ? or(eq(parts.partNumber, q), eq(parts.partNumber, q.toUpperCase()), eq(parts.gtin, q)) : ilike(parts.partNumber, likePrefix(q)))
    .orderBy(asc(parts.partNumber))
    .limit(LIMIT);
  return rows.map((r): SearchHit => ({ kind: "part", ...r, isExact }));
}

/** A part's lots, newest received first: for bought-in parts they are what is traced. */
async function lotsOf(db: DbOrTx, partNumber: string) {
  const rows = await db
    .select({ lotNumber: materialLots.lotNumber, partNumber: parts.partNumber, partName: parts.name, supplier: materialLots.supplier, status: materialLots.status })
    .from(materialLots)
    .innerJoin(parts, eq(parts.id, materialLots.partId))
    .where(eq(parts.partNumber, partNumber))
    .orderBy(sql`${materialLots.receivedAt} desc nulls last`, asc(materialLots.lotNumber))
    .limit(LIMIT);
  return rows.map((r): SearchHit => ({ kind: "lot", ...r, isExact: false }));
}

/** The units (and for a part, the lots) behind an exact work order or part hit, newest first, so the list is one click from a record. */
async function unitsOf(db: DbOrTx, hit: SearchHit) {
  if (hit.kind === "workOrder") {
    const rows = await unitQuery(db).where(eq(workOrders.number, hit.number)).orderBy(asc(units.serial)).limit(LIMIT);
    return rows.map((r): SearchHit => ({ kind: "unit", ...r, isExact: false }));
  }
  if (hit.kind === "part") {
    const [rows, lots] = await Promise.all([unitQuery(db).where(eq(parts.partNumber, hit.partNumber)).orderBy(desc(units.startedAt)).limit(LIMIT), lotsOf(db, hit.partNumber)]);
    return [...lots, ...rows.map((r): SearchHit => ({ kind: "unit", ...r, isExact: false }))];
  }
  return [];
}

async function resolveGs1(db: DbOrTx, gs1: Gs1Reading, query: string): Promise<SearchResult> {
  const hits: SearchHit[] = [];
  const notes: string[] = [];
  if (gs1.serial) {
    const found = await findUnits(db, gs1.serial, true);
    const [unit] = found;
    if (unit?.kind === "unit" && gs1.gtin) {
      const [part] = await db.select({ gtin: parts.gtin }).from(parts).where(eq(parts.partNumber, unit.partNumber));
      if (part?.gtin && part.gtin !== gs1.gtin) notes.push(`The barcode's GTIN ${gs1.gtin} is not the GTIN of ${unit.partNumber} (${part.gtin}); check the label.`);
    }
    if (found.length === 0) notes.push(`No unit has the serial number "${gs1.serial}" read from the barcode.`);
    hits.push(...found);
  }
  if (gs1.lot) {
    const lots = await findLots(db, gs1.lot, true);
    const orders = await findWorkOrders(db, gs1.lot, true);
    if (lots.length + orders.length === 0) notes.push(`No lot or work order has the number "${gs1.lot}" read from the barcode.`);
    hits.push(...lots, ...orders);
  }
  if (gs1.gtin && !gs1.serial && !gs1.lot) {
    const [part] = await db.select({ partNumber: parts.partNumber, name: parts.name, gtin: parts.gtin }).from(parts).where(eq(parts.gtin, gs1.gtin));
    if (part) hits.push({ kind: "part", ...part, isExact: true }, ...(await unitsOf(db, { kind: "part", ...part, isExact: true })));
    else notes.push(`No part carries the GTIN ${gs1.gtin}.`);
  }
  if (!gs1.serial && !gs1.lot && !gs1.gtin) notes.push("The barcode holds no GTIN (01), serial (21) or lot (10) to look up.");
  const [first] = hits;
  const redirectTo = gs1.serial && first?.kind === "unit" && notes.length === 0 ? unitHref(first.serial) : null;
  return { query, gs1, hits, redirectTo, message: notes.length ? notes.join(" ") : null };
}

export function nothingMatches(query: string) {
  return `Nothing matches "${query}". Enter a serial (CP40-0000123), a lot (PCB-EC1-L00032), a work order (WO-100001) or a part number (CP40-ASM), whole or its beginning, or scan a GS1 barcode.`;
}

/**
 * One box for everything a quality engineer types or scans: serial, lot, work
 * order or part number (exact, else by prefix), or a GS1 element string.
 */
export async function searchTraceability(db: DbOrTx, rawQuery: string): Promise<SearchResult> {
  const query = rawQuery.trim();
  if (looksLikeGs1(query)) {
    const gs1 = readGs1(query);
    if (!gs1) return { query, gs1: null, hits: [], redirectTo: null, message: `"${query}" looks like a GS1 barcode but could not be read: no valid application identifier. Scan it again or type the serial.` };
    return resolveGs1(db, gs1, query);
  }

  const [exactUnits, exactLots, exactOrders, exactParts] = await Promise.all([findUnits(db, query, true), findLots(db, query, true), findWorkOrders(db, query, true), findParts(db, query, true)]);
  const exact = [...exactUnits, ...exactLots, ...exactOrders, ...exactParts];
  const [onlyExact] = exact;
  if (exact.length === 1 && onlyExact?.kind === "unit") return { query, gs1: null, hits: exact, redirectTo: unitHref(onlyExact.serial), message: null };
  if (exact.length > 0) {
    const related = (await Promise.all(exact.map((hit) => unitsOf(db, hit)))).flat();
    return { query, gs1: null, hits: [...exact, ...related], redirectTo: null, message: null };
  }

  // An unbracketed element string ("0104012345000108" + "21CP40-…") reads as nothing else.
  const gs1 = /^\d{4}/.test(query) ? readGs1(query) : null;
  if (gs1?.serial || gs1?.lot) return resolveGs1(db, gs1, query);

  if (query.length >= 2) {
    const [u, l, w, p] = await Promise.all([findUnits(db, query, false), findLots(db, query, false), findWorkOrders(db, query, false), findParts(db, query, false)]);
    const hits = [...p, ...w, ...l, ...u];
    if (hits.length > 0) return { query, gs1: null, hits, redirectTo: null, message: null };
  }
  return { query, gs1: null, hits: [], redirectTo: null, message: nothingMatches(query) };
}
