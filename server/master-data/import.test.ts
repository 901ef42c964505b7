import { readFileSync } from "node:fs";
import path from "node:path";

import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, bomLines, operationCharacteristics, partRevisions, parts, routingOperations, users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import type { ImportFile } from "./parse";

const examples = ["parts.csv", "bom.csv", "routing.csv", "characteristics.csv", "documents.csv"];
const example = (name: string) => readFileSync(path.join("docs/examples", name), "utf8");
const csv = (name: string, text: string): ImportFile => ({
  name,
  content: Buffer.from(text, "utf8"),
});
const exampleFiles = (replace: Record<string, string> = {}) => examples.map((name) => csv(name, replace[name] ?? example(name)));
const wire = (files: ImportFile[]) => ({
  files: files.map((f) => ({
    name: f.name,
    content: new Uint8Array(f.content),
  })),
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("master data import", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let engineer: SessionUser;
  const api = () => createCaller({ db: t.db, user: engineer }).masterData;
  const counts = async () => {
    const [row] = await t.db.execute<{
      parts: number;
      revisions: number;
      bom: number;
      ops: number;
      chars: number;
      docs: number;
      audit: number;
    }>(sql`
      select (select count(*) from parts)::int as parts, (select count(*) from part_revisions)::int as revisions, (select count(*) from bom_lines)::int as bom,
        (select count(*) from routing_operations)::int as ops, (select count(*) from operation_characteristics)::int as chars,
        (select count(*) from document_revisions)::int as docs, (select count(*) from audit_log)::int as audit`);
    return row;
  };
  /** The dry run lists the problem, the commit refuses, and nothing is written. */
  async function expectRefused(
    files: ImportFile[],
    problem: {
      file: string;
      row: number | null;
      column: string | null;
      message: RegExp;
    },
  ) {
    const before = await counts();
    const result = await api().dryRun(wire(files));
    expect(result.problems).toContainEqual({
      ...problem,
      message: expect.stringMatching(problem.message) as string,
    });
    expect(result.summary).toBeNull();
    await expect(api().commit(wire(files))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await counts()).toEqual(before);
    return result;
  }

  beforeAll(async () => {
    t = await openTestDb();
    await seedMasterData(t.db, new Date());
    const [u] = await t.db.select().from(users).where(eq(users.role, "engineer")).limit(1);
    engineer = { id: u!.id, name: u!.name, email: u!.email, role: u!.role };
  });
  afterAll(async () => t.close());

  it("the example files pass the dry run, commit as released baselines with one audit entry, and a second import changes nothing", async () => {
    const dry = await api().dryRun(wire(exampleFiles()));
    expect(dry).toEqual({
      problems: [],
      problemCount: 0,
      isUnchanged: false,
      summary: {
        parts: 10,
        bomLines: 9,
        routingOperations: 6,
        characteristics: 6,
        documents: 4,
        unchangedParts: 0,
        unchangedDocuments: 0,
      },
    });

    const before = await counts();
    expect(await api().commit(wire(exampleFiles()))).toEqual({
      isUnchanged: false,
      summary: dry.summary,
    });
    const after = await counts();
    expect(after).toEqual({
      parts: before!.parts + 10,
      revisions: before!.revisions + 10,
      bom: before!.bom + 9,
      ops: before!.ops + 6,
      chars: before!.chars + 6,
      docs: before!.docs + 4,
      audit: before!.audit + 1,
    });

    const [pump] = await t.db.select().from(parts).where(eq(parts.partNumber, "HP25-ASM"));
    expect(pump).toMatchObject({
      makeBuy: "make",
      isSerialized: true,
      unitOfMeasure: "ea",
      gtin: "04012345000017",
    });
    const [rev] = await t.db.select().from(partRevisions).where(eq(partRevisions.partId, pump!.id));
    expect(rev).toMatchObject({ revision: "A", status: "released" });
    expect(await t.db.select({ qty: bomLines.qty }).from(bomLines).where(eq(bomLines.parentRevisionId, rev!.id))).toHaveLength(6);
    const ops = await t.db.select().from(routingOperations).where(eq(routingOperations.partRevisionId, rev!.id)).orderBy(routingOperations.sequence);
    expect(ops.map((o) => [o.operationCode, o.workInstructionRevisionId !== null, o.stationId !== null])).toEqual([
      ["OP10", true, true],
      ["OP20", true, true],
      ["OP30", false, true],
      ["OP40", false, true],
      ["OP50", true, true],
      ["OP60", false, true],
    ]);
    const torque = await t.db.select().from(operationCharacteristics).where(eq(operationCharacteristics.name, "screw_torque"));
    expect(torque).toMatchObject([{ unit: "N·m", lsl: 5.5, usl: 6.5, nominal: 6 }]);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "master_data.imported"));
    expect(entry?.data).toMatchObject({
      parts: 10,
      bomLines: 9,
      files: expect.arrayContaining([
        {
          name: "parts.csv",
          rows: 10,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
        },
      ]) as unknown,
    });

    expect(await api().dryRun(wire(exampleFiles()))).toMatchObject({
      problems: [],
      isUnchanged: true,
      summary: { parts: 0, unchangedParts: 10, unchangedDocuments: 4 },
    });
    expect(await api().commit(wire(exampleFiles()))).toMatchObject({
      isUnchanged: true,
    });
    expect(await counts()).toEqual(after);
  });

  it("a part already in the database with other data is refused", async () => {
    const parts = example("parts.csv").replace("Pump housing HP25 cast iron", "Pump housing HP25 stainless");
    await expectRefused(exampleFiles({ "parts.csv": parts }), {
      file: "parts.csv",
      row: 3,
      column: "part_number",
      message: /HP25-HSG already exists in the database with other data/,
    });
    await expectRefused([csv("parts.csv", "part_number,name,make_buy,serialized,unit_of_measure\nCP40-ASM,Circulator,make,yes,ea\n")], {
      file: "parts.csv",
      row: 2,
      column: "part_number",
      message: /CP40-ASM already exists/,
    });
  });

  const fresh = "part_number,name,make_buy,serialized,unit_of_measure\nX-1,One,make,no,ea\nX-2,Two,make,no,ea\nX-3,Three,make,no,ea\n";

  it("missing and unknown columns are named", async () => {
    await expectRefused([csv("parts.csv", "part_number,name,make_buy,serialized\nX-1,One,make,no\n")], {
      file: "parts.csv",
      row: 1,
      column: "unit_of_measure",
      message: /column “unit_of_measure” is missing/,
    });
    await expectRefused([csv("bom.csv", "parent,child,find_number,qty,colour\n")], {
      file: "bom.csv",
      row: 1,
      column: "colour",
      message: /Unknown column “colour”/,
    });
  });

  it("a part number twice in a file is refused on the second row", async () => {
    await expectRefused([csv("parts.csv", `${fresh}X-2,Two again,buy,no,ea\n`)], {
      file: "parts.csv",
      row: 5,
      column: "part_number",
      message: /Part number X-2 is already on row 3/,
    });
  });

  it("a BOM cycle at any depth is refused", async () => {
    const bom = "parent,child,find_number,qty\nX-1,X-2,10,1\nX-2,X-3,10,1\nX-3,X-1,10,1\n";
    await expectRefused([csv("parts.csv", fresh), csv("bom.csv", bom)], {
      file: "bom.csv",
      row: 4,
      column: "child",
      message: /BOM cycle: X-1 contains X-2 contains X-3 contains X-1/,
    });
  });

  it("a routing naming an unknown station is refused", async () => {
    const routing = "part,op_code,sequence,station_code,description\nX-1,OP10,10,NOPE-1,Assemble\n";
    await expectRefused([csv("parts.csv", fresh), csv("routing.csv", routing)], {
      file: "routing.csv",
      row: 2,
      column: "station_code",
      message: /No station has the code NOPE-1/,
    });
  });

  it("a lower limit above the upper limit, and a unit that does not parse, are refused", async () => {
    const routing = "part,op_code,sequence,station_code,description\nX-1,OP10,10,P1-010,Assemble\n";
    const chars = "part,op_code,name,unit,lsl,usl,nominal\nX-1,OP10,torque,N·m,7,5,6\nX-1,OP10,gap,furlongs,1,2,\n";
    const files = [csv("parts.csv", fresh), csv("routing.csv", routing), csv("characteristics.csv", chars)];
    await expectRefused(files, {
      file: "characteristics.csv",
      row: 2,
      column: "lsl",
      message: /lower limit 7 is above the upper limit 5/,
    });
    await expectRefused(files, {
      file: "characteristics.csv",
      row: 3,
      column: "unit",
      message: /“furlongs” is not a unit/,
    });
    await expectRefused([csv("parts.csv", fresh.replace("X-3,Three,make,no,ea", "X-3,Three,make,no,bucket"))], {
      file: "parts.csv",
      row: 4,
      column: "unit_of_measure",
      message: /“bucket” is not a unit of measure/,
    });
  });

  it("a file that is not UTF-8, or over 50 MB, is refused as a whole", async () => {
    await expectRefused(
      [
        {
          name: "parts.csv",
          content: Buffer.from(`${fresh}X-4,Pumpengehäuse,buy,no,ea\n`, "latin1"),
        },
      ],
      { file: "parts.csv", row: null, column: null, message: /not UTF-8/ },
    );
    await expectRefused([{ name: "parts.csv", content: Buffer.alloc(50 * 1024 * 1024 + 1, "a") }], {
      file: "parts.csv",
      row: null,
      column: null,
      message: /50.0 MB; the limit is 50 MB/,
    });
  });

  it("an XLSX is read like its CSV, but not with formulas or several sheets", async () => {
    const rows = [
      ["part_number", "name", "make_buy", "serialized", "unit_of_measure"],
      ["X-1", "One", "make", "no", "ea"],
      ["X-2", "Two", "buy", "yes", "kg"],
    ];
    const good = await workbook((wb) => wb.addWorksheet("Parts").addRows(rows));
    expect(await api().dryRun(wire([{ name: "parts.xlsx", content: good }]))).toMatchObject({ problems: [], summary: { parts: 2 } });

    const withFormula = await workbook((wb) => {
      const sheet = wb.addWorksheet("Parts");
      sheet.addRows(rows);
      sheet.getCell("B3").value = {
        formula: 'CONCAT("T","wo")',
        result: "Two",
      };
    });
    await expectRefused([{ name: "parts.xlsx", content: withFormula }], {
      file: "parts.xlsx",
      row: 3,
      column: "B3",
      message: /formula/,
    });
    const twoSheets = await workbook((wb) => {
      wb.addWorksheet("Parts").addRows(rows);
      wb.addWorksheet("Notes").addRow(["draft"]);
    });
    await expectRefused([{ name: "parts.xlsx", content: twoSheets }], {
      file: "parts.xlsx",
      row: null,
      column: null,
      message: /2 sheets; an import workbook has exactly one/,
    });
  });
});
