import { createHash } from "node:crypto";

import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { pgArray } from "@/server/kpis/sql-array";

import { documentKinds, parseMeasurementUnit, unitsOfMeasure, type FileKind, type Problem, type Progress } from "./formats";
import type { Sheet, Table } from "./parse";

export interface PartRow {
  row: number;
  partNumber: string;
  name: string;
  makeBuy: "make" | "buy";
  isSerialized: boolean;
  unitOfMeasure: string;
  gtin: string | null;
}
export interface BomRow {
  row: number;
  parent: string;
  child: string;
  findNumber: number;
  qty: number;
  referenceDesignator: string | null;
}
export interface RoutingRow {
  row: number;
  part: string;
  opCode: string;
  sequence: number;
  stationCode: string;
  description: string;
  workInstruction: string | null;
}
export interface CharacteristicRow {
  row: number;
  part: string;
  opCode: string;
  name: string;
  unit: string;
  lsl: number | null;
  usl: number | null;
  nominal: number | null;
}
export interface DocumentRow {
  row: number;
  documentNumber: string;
  title: string;
  kind: (typeof documentKinds)[number];
  revision: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/** What a commit writes: only parts and documents the database does not have yet. */
export interface ImportPlan {
  parts: PartRow[];
  bom: BomRow[];
  routing: RoutingRow[];
  characteristics: CharacteristicRow[];
  documents: DocumentRow[];
  unchangedParts: number;
  unchangedDocuments: number;
  /** Part numbers already in the database (BOM children, unchanged parts) → id. */
  existingPartIds: Map<string, number>;
  stations: Map<string, { id: number; lineId: number }>;
  /** Work instruction document number → released revision id, for documents already in the database. */
  existingDocumentRevisionIds: Map<string, number>;
}

const PART_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const yes = new Set(["yes", "y", "true", "1"]);
const no = new Set(["no", "n", "false", "0", ""]);

function sha256(content: Buffer) {
  return createHash("sha256").update(content).digest("hex");
}

/** Reads each row's cells into a typed row, reporting every cell that does not parse; shared by every import. */
export class RowReader {
  constructor(
    private readonly table: Sheet,
    private readonly problems: Problem[],
  ) {}
  problem(row: number, column: string | null, message: string) {
    this.problems.push({ file: this.table.file, row, column, message });
  }
  text(r: Sheet["rows"][number], column: string, isRequired = true) {
    const value = r.cells[column] ?? "";
    if (isRequired && !value) this.problem(r.row, column, `“${column}” is empty.`);
    return value;
  }
  partNumber(r: Sheet["rows"][number], column: string) {
    const value = this.text(r, column);
    if (value && !PART_NUMBER.test(value)) this.problem(r.row, column, `“${value}” is not a part number (letters, digits, . _ / -, up to 64).`);
    return value;
  }
  number(r: Sheet["rows"][number], column: string, isRequired: boolean): number | null {
    const value = this.text(r, column, isRequired);
    if (!value) return null;
    const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n)) {
      this.problem(r.row, column, `“${value}” is not a number (use a point as the decimal separator).`);
      return null;
    }
    return n;
  }
  positiveInteger(r: Sheet["rows"][number], column: string) {
    const n = this.number(r, column, true);
    if (n !== null && (!Number.isInteger(n) || n < 1 || n > 2_147_483_647)) {
      this.problem(r.row, column, `“${r.cells[column]}” is not a whole number of at least 1.`);
      return 0;
    }
    return n ?? 0;
  }
  /** Reports the row of each repeat of a key, naming the row that had it first. */
  unique(seen: Map<string, number>, key: string, r: Sheet["rows"][number], column: string, what: string) {
    const first = seen.get(key);
    if (first !== undefined) this.problem(r.row, column, `${what} is already on row ${first}.`);
    else seen.set(key, r.row);
    return first === undefined;
  }
}

function readParts(table: Table, problems: Problem[]) {
  const read = new RowReader(table, problems);
  const numbers = new Map<string, number>();
  const gtins = new Map<string, number>();
  const rows: PartRow[] = [];
  for (const r of table.rows) {
    const partNumber = read.partNumber(r, "part_number");
    const makeBuy = read.text(r, "make_buy").toLowerCase();
    if (makeBuy && makeBuy !== "make" && makeBuy !== "buy") read.problem(r.row, "make_buy", `“${r.cells.make_buy}” is neither make nor buy.`);
    const serialized = (r.cells.serialized ?? "").toLowerCase();
    if (!yes.has(serialized) && !no.has(serialized)) read.problem(r.row, "serialized", `“${r.cells.serialized}” is neither yes nor no.`);
    const unitOfMeasure = read.text(r, "unit_of_measure");
    if (unitOfMeasure && !(unitsOfMeasure as readonly string[]).includes(unitOfMeasure))
      read.problem(r.row, "unit_of_measure", `“${unitOfMeasure}” is not a unit of measure; use one of ${unitsOfMeasure.join(", ")}.`);
    const gtin = read.text(r, "gtin", false) || null;
    if (gtin && !/^(\d{8}|\d{12,14})$/.test(gtin)) read.problem(r.row, "gtin", `“${gtin}” is not a GTIN (8, 12, 13 or 14 digits).`);
    if (gtin) read.unique(gtins, gtin, r, "gtin", `GTIN ${gtin}`);
    if (partNumber && read.unique(numbers, partNumber, r, "part_number", `Part number ${partNumber}`)) {
      rows.push({
        row: r.row,
        partNumber,
        name: read.text(r, "name"),
        makeBuy: makeBuy === "buy" ? "buy" : "make",
        isSerialized: yes.has(serialized),
        unitOfMeasure,
        gtin,
      });
    }
  }
  return rows;
}

function readBom(table: Table, problems: Problem[], inFile: Set<string>, inDb: Map<string, number>) {
  const read = new RowReader(table, problems);
  const keys = new Map<string, number>();
  const rows: BomRow[] = [];
  for (const r of table.rows) {
    const parent = read.partNumber(r, "parent");
    const child = read.partNumber(r, "child");
    if (parent && !inFile.has(parent)) read.problem(r.row, "parent", `${parent} is not in the parts file; the BOM of a part already released changes through an ECO.`);
    if (child && !inFile.has(child) && !inDb.has(child)) read.problem(r.row, "child", `${child} is neither in the parts file nor in the database.`);
    if (parent && parent === child) read.problem(r.row, "child", `${parent} cannot contain itself.`);
    const findNumber = read.positiveInteger(r, "find_number");
    const qty = read.number(r, "qty", true);
    if (qty !== null && qty <= 0) read.problem(r.row, "qty", "The quantity must be more than 0.");
    if (findNumber) read.unique(keys, `${parent}\u0000${findNumber}`, r, "find_number", `Find number ${findNumber} of ${parent}`);
    rows.push({
      row: r.row,
      parent,
      child,
      findNumber,
      qty: qty ?? 0,
      referenceDesignator: read.text(r, "reference_designator", false) || null,
    });
  }
  reportCycles(rows, (row, message) => read.problem(row, "child", message));
  return rows;
}

/** Every cycle in the BOM graph (A contains B contains … A), reported once on the row that closes it. */
function reportCycles(rows: BomRow[], report: (row: number, message: string) => void) {
  const children = new Map<string, BomRow[]>();
  for (const b of rows) {
    const list = children.get(b.parent);
    if (list) list.push(b);
    else children.set(b.parent, [b]);
  }
  const state = new Map<string, "open" | "done">();
  for (const root of children.keys()) {
    if (state.has(root)) continue;
    // Iterative depth-first search: BOMs can be deep enough to overflow a recursive one.
    const path: { part: string; next: number }[] = [{ part: root, next: 0 }];
    state.set(root, "open");
    while (path.length) {
      const top = path[path.length - 1];
      if (!top) break;
      const edge = children.get(top.part)?.[top.next++];
      if (!edge) {
        state.set(top.part, "done");
        path.pop();
        continue;
      }
      const seen = state.get(edge.child);
      if (seen === "open") {
        const from = path.findIndex((p) => p.part === edge.child);
        report(edge.row, `BOM cycle: ${[...path.slice(from).map((p) => p.part), edge.child].join(" contains ")}.`);
      } else if (!seen) {
        state.set(edge.child, "open");
        path.push({ part: edge.child, next: 0 });
      }
    }
  }
}

function readRouting(table: Table, problems: Problem[], inFile: Set<string>, stations: Map<string, unknown>, documents: Set<string>) {
  const read = new RowReader(table, problems);
  const sequences = new Map<string, number>();
  const codes = new Map<string, number>();
  const rows: RoutingRow[] = [];
  for (const r of table.rows) {
    const part = read.partNumber(r, "part");
    if (part && !inFile.has(part)) read.problem(r.row, "part", `${part} is not in the parts file; the routing of a part already released changes through an ECO.`);
    const opCode = read.text(r, "op_code");
    const sequence = read.positiveInteger(r, "sequence");
    const stationCode = read.text(r, "station_code");
    if (stationCode && !stations.has(stationCode)) read.problem(r.row, "station_code", `No station has the code ${stationCode}; create it under Admin › Equipment first.`);
    const workInstruction = read.text(r, "work_instruction", false) || null;
    if (workInstruction && !documents.has(workInstruction))
      read.problem(r.row, "work_instruction", `${workInstruction} is neither in the documents file nor a released work instruction in the database.`);
    if (sequence) read.unique(sequences, `${part}\u0000${sequence}`, r, "sequence", `Sequence ${sequence} of ${part}`);
    if (opCode) read.unique(codes, `${part}\u0000${opCode}`, r, "op_code", `Operation ${opCode} of ${part}`);
    rows.push({
      row: r.row,
      part,
      opCode,
      sequence,
      stationCode,
      description: read.text(r, "description"),
      workInstruction,
    });
  }
  return rows;
}

function readCharacteristics(table: Table, problems: Problem[], operations: Set<string>) {
  const read = new RowReader(table, problems);
  const names = new Map<string, number>();
  const rows: CharacteristicRow[] = [];
  for (const r of table.rows) {
    const part = read.partNumber(r, "part");
    const opCode = read.text(r, "op_code");
    if (part && opCode && !operations.has(`${part}\u0000${opCode}`)) read.problem(r.row, "op_code", `${part} has no operation ${opCode} in the routing file.`);
    const name = read.text(r, "name");
    const rawUnit = read.text(r, "unit");
    const unit = rawUnit ? parseMeasurementUnit(rawUnit) : null;
    if (rawUnit && !unit) read.problem(r.row, "unit", `“${rawUnit}” is not a unit this import knows (see docs/master-data-import.md).`);
    const lsl = read.number(r, "lsl", false);
    const usl = read.number(r, "usl", false);
    const nominal = read.number(r, "nominal", false);
    if (lsl !== null && usl !== null && lsl > usl) read.problem(r.row, "lsl", `The lower limit ${lsl} is above the upper limit ${usl}.`);
    else if (nominal !== null && ((lsl !== null && nominal < lsl) || (usl !== null && nominal > usl))) read.problem(r.row, "nominal", `The nominal ${nominal} lies outside the limits.`);
    if (name) read.unique(names, `${part}\u0000${opCode}\u0000${name}`, r, "name", `Characteristic ${name} of ${part} ${opCode}`);
    rows.push({
      row: r.row,
      part,
      opCode,
      name,
      unit: unit ?? rawUnit,
      lsl,
      usl,
      nominal,
    });
  }
  return rows;
}

function readDocuments(table: Table, problems: Problem[]) {
  const read = new RowReader(table, problems);
  const numbers = new Map<string, number>();
  const rows: DocumentRow[] = [];
  for (const r of table.rows) {
    const documentNumber = read.partNumber(r, "document_number");
    const kind = read.text(r, "kind").toLowerCase();
    if (kind && !(documentKinds as readonly string[]).includes(kind)) read.problem(r.row, "kind", `“${r.cells.kind}” is not a document kind; use one of ${documentKinds.join(", ")}.`);
    const revision = read.text(r, "revision");
    const location = read.text(r, "location", false);
    const text = read.text(r, "text", false);
    if (!location && !text) read.problem(r.row, "location", "Give the document's file name or URL, or its text.");
    if (documentNumber && read.unique(numbers, documentNumber, r, "document_number", `Document ${documentNumber}`)) {
      // Text is stored as the document; a file name or URL alone is stored as a reference to where the file lives.
      const content = Buffer.from(text || location, "utf8");
      rows.push({
        row: r.row,
        documentNumber,
        title: read.text(r, "title"),
        kind: kind as DocumentRow["kind"],
        revision,
        fileName: location || `${documentNumber}-${revision}.md`,
        contentType: text ? "text/markdown" : "text/uri-list",
        content,
        sha256: sha256(content),
      });
    }
  }
  return rows;
}

const fmt = (n: number | null) => (n === null ? "" : String(n));

/** One string per part of everything an import sets, so a re-import can be recognised as identical. */
function fileSignatures(parts: PartRow[], bom: BomRow[], routing: RoutingRow[], characteristics: CharacteristicRow[]) {
  const lines = new Map<string, string[]>(parts.map((p) => [p.partNumber, [`part|${p.name}|${p.makeBuy}|${p.isSerialized}|${p.unitOfMeasure}|${p.gtin ?? ""}`]]));
  for (const b of bom) lines.get(b.parent)?.push(`bom|${b.findNumber}|${b.child}|${b.qty}|${b.referenceDesignator ?? ""}`);
  for (const o of routing) lines.get(o.part)?.push(`op|${o.sequence}|${o.opCode}|${o.stationCode}|${o.description}|${o.workInstruction ?? ""}`);
  for (const c of characteristics) lines.get(c.part)?.push(`char|${c.opCode}|${c.name}|${c.unit}|${fmt(c.lsl)}|${fmt(c.usl)}|${fmt(c.nominal)}`);
  return new Map([...lines].map(([part, l]) => [part, l.sort().join("\n")]));
}

async function databaseSignatures(db: DbOrTx, partNumbers: string[]) {
  if (!partNumbers.length) return new Map<string, string>();
  const rows = await db.execute<{ part_number: string; line: string }>(sql`
    with p as (
      select p.id, p.part_number, p.name, p.make_buy, p.is_serialized, p.unit_of_measure, p.gtin,
        (select r.id from part_revisions r where r.part_id = p.id and r.status = 'released' order by r.id desc limit 1) as rev
      from parts p where p.part_number = any(${pgArray(partNumbers)}::text[])
    )
    select p.part_number, concat_ws('|', 'part', p.name, p.make_buy, p.is_serialized::text, p.unit_of_measure, coalesce(p.gtin, ''), case when p.rev is null then 'unreleased' end) as line from p
    union all
    select p.part_number, concat_ws('|', 'bom', b.find_number, c.part_number, b.qty::float8, coalesce(b.reference_designator, '')) from p
      join bom_lines b on b.parent_revision_id = p.rev join parts c on c.id = b.child_part_id
    union all
    select p.part_number, concat_ws('|', 'op', o.sequence, o.operation_code, coalesce(s.code, ''), o.description, coalesce(d.document_number, '')) from p
      join routing_operations o on o.part_revision_id = p.rev left join stations s on s.id = o.station_id
      left join document_revisions dr on dr.id = o.work_instruction_revision_id left join documents d on d.id = dr.document_id
    union all
    select p.part_number, concat_ws('|', 'char', o.operation_code, ch.name, coalesce(ch.unit, ''), coalesce(ch.lsl::float8::text, ''), coalesce(ch.usl::float8::text, ''), coalesce(ch.nominal::float8::text, '')) from p
      join routing_operations o on o.part_revision_id = p.rev join operation_characteristics ch on ch.routing_operation_id = o.id
  `);
  const lines = new Map<string, string[]>();
  for (const r of rows) {
    const list = lines.get(r.part_number);
    if (list) list.push(r.line);
    else lines.set(r.part_number, [r.line]);
  }
  return new Map([...lines].map(([part, l]) => [part, l.sort().join("\n")]));
}

async function lookups(db: DbOrTx, partNumbers: string[], stationCodes: string[], documentNumbers: string[]) {
  const [partRows, stationRows, documentRows] = await Promise.all([
    db.execute<{ id: number; part_number: string }>(sql`select id, part_number from parts where part_number = any(${pgArray(partNumbers)}::text[])`),
    db.execute<{ id: number; code: string; line_id: number }>(sql`select id, code, line_id from stations where code = any(${pgArray(stationCodes)}::text[])`),
    db.execute<{
      document_number: string;
      revision: string;
      revision_id: number;
      title: string;
      kind: string;
      sha256: string;
      status: string;
    }>(sql`
      select d.document_number, r.revision, r.id as revision_id, d.title, d.kind, r.sha256, r.status
      from documents d join document_revisions r on r.document_id = d.id
      where d.document_number = any(${pgArray(documentNumbers)}::text[]) order by r.id`),
  ]);
  return {
    parts: new Map(partRows.map((p) => [p.part_number, p.id])),
    stations: new Map(stationRows.map((s) => [s.code, { id: s.id, lineId: s.line_id }])),
    documents: documentRows,
  };
}

const order: FileKind[] = ["parts", "documents", "bom", "routing", "characteristics"];

/** Checks every file against each other and the database; writes nothing. */
export async function validateTables(db: DbOrTx, tables: Map<FileKind, Table>, problems: Problem[], onProgress: Progress = () => {}) {
  const total = order.length + 1;
  const step = (phase: string, done: number) => onProgress({ phase, done, total });
  const table = (kind: FileKind): Table => tables.get(kind) ?? { file: `${kind}.csv`, kind, sha256: "", rows: [] };

  step("Checking parts", 0);
  const parts = readParts(table("parts"), problems);
  const inFile = new Set(parts.map((p) => p.partNumber));
  const documents = readDocuments(table("documents"), problems);
  const raw = (kind: FileKind, column: string) => [
    ...new Set(
      table(kind)
        .rows.map((r) => r.cells[column] ?? "")
        .filter(Boolean),
    ),
  ];
  const found = await lookups(db, [...new Set([...inFile, ...raw("bom", "child")])], raw("routing", "station_code"), [
    ...new Set([...documents.map((d) => d.documentNumber), ...raw("routing", "work_instruction")]),
  ]);

  step("Checking documents", 1);
  const existingDocumentRevisionIds = new Map<string, number>();
  for (const d of found.documents) if (d.kind === "work_instruction" && d.status === "released") existingDocumentRevisionIds.set(d.document_number, d.revision_id);
  let unchangedDocuments = 0;
  const newDocuments = documents.filter((d) => {
    const stored = found.documents.filter((s) => s.document_number === d.documentNumber);
    if (!stored.length) return true;
    const same = stored.find((s) => s.revision === d.revision && s.title === d.title && s.kind === d.kind && s.sha256 === d.sha256);
    if (same) unchangedDocuments++;
    else
      problems.push({
        file: table("documents").file,
        row: d.row,
        column: "document_number",
        message: `${d.documentNumber} already exists in the database with other content; a new revision goes through an ECO.`,
      });
    return false;
  });
  const knownDocuments = new Set([...documents.map((d) => d.documentNumber), ...existingDocumentRevisionIds.keys()]);

  step("Checking the BOM", 2);
  const bom = readBom(table("bom"), problems, inFile, found.parts);
  step("Checking the routing", 3);
  const routing = readRouting(table("routing"), problems, inFile, found.stations, knownDocuments);
  step("Checking characteristics", 4);
  const characteristics = readCharacteristics(table("characteristics"), problems, new Set(routing.map((o) => `${o.part}\u0000${o.opCode}`)));

  step("Checking against the database", 5);
  const existing = parts.filter((p) => found.parts.has(p.partNumber));
  const fromFiles = fileSignatures(existing, bom, routing, characteristics);
  const fromDb = await databaseSignatures(
    db,
    existing.map((p) => p.partNumber),
  );
  const unchanged = new Set<string>();
  for (const p of existing) {
    if (fromFiles.get(p.partNumber) === fromDb.get(p.partNumber)) unchanged.add(p.partNumber);
    else
      problems.push({
        file: table("parts").file,
        row: p.row,
        column: "part_number",
        message: `${p.partNumber} already exists in the database with other data; later changes go through an ECO.`,
      });
  }
  step("Everything checked", total);

  const isNew = (part: string) => !unchanged.has(part);
  const plan: ImportPlan = {
    parts: parts.filter((p) => isNew(p.partNumber)),
    bom: bom.filter((b) => isNew(b.parent)),
    routing: routing.filter((o) => isNew(o.part)),
    characteristics: characteristics.filter((c) => isNew(c.part)),
    documents: newDocuments,
    unchangedParts: unchanged.size,
    unchangedDocuments,
    existingPartIds: found.parts,
    stations: found.stations,
    existingDocumentRevisionIds,
  };
  return plan;
}
