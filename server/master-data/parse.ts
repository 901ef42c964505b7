import { createHash } from "node:crypto";

import ExcelJS from "exceljs";
import Papa from "papaparse";

import { fileColumns, kindOfFile, MAX_FILE_BYTES, type FileKind, type Problem, type Progress } from "./formats";

export interface ImportFile {
  name: string;
  content: Buffer;
}

/** One file's rows, whatever it imports. */
export interface Sheet {
  file: string;
  sha256: string;
  /** Cells by lower-case column name; `row` is the spreadsheet row number (header = 1). */
  rows: { row: number; cells: Record<string, string> }[];
}

export interface Table extends Sheet {
  kind: FileKind;
}

export interface Columns {
  required: readonly string[];
  optional: readonly string[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(content: Buffer): string | null {
  try {
    return utf8.decode(content).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

function parseCsv(file: string, content: Buffer, problems: Problem[]): string[][] | null {
  const text = decodeUtf8(content);
  if (text === null) {
    problems.push({
      file,
      row: null,
      column: null,
      message: "The file is not UTF-8 text. Save it as “CSV UTF-8”.",
    });
    return null;
  }
  const result = Papa.parse<string[]>(text);
  for (const error of result.errors)
    problems.push({
      file,
      row: error.row === undefined ? null : error.row + 1,
      column: null,
      message: `CSV: ${error.message}.`,
    });
  return result.errors.length ? null : result.data;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
    return "";
  }
  return String(value);
}

async function parseXlsx(file: string, content: Buffer, problems: Problem[]): Promise<string[][] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types predate Node's generic Buffer.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    problems.push({
      file,
      row: null,
      column: null,
      message: "The file is not a readable XLSX workbook.",
    });
    return null;
  }
  if (workbook.worksheets.length !== 1) {
    problems.push({
      file,
      row: null,
      column: null,
      message: `The workbook has ${workbook.worksheets.length} sheets; an import workbook has exactly one.`,
    });
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const rows: string[][] = [];
  let hasFormulas = false;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === ExcelJS.ValueType.Formula) {
        hasFormulas = true;
        problems.push({
          file,
          row: rowNumber,
          column: cell.address,
          message: "The cell holds a formula; paste values only.",
        });
      }
      cells[col - 1] = cellText(cell.value).trim();
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
  });
  if (hasFormulas) return null;
  return Array.from(rows, (r) => r ?? []);
}

function toSheet(file: string, what: string, { required, optional }: Columns, sha256: string, data: string[][], problems: Problem[]): Sheet | null {
  const [header = [], ...body] = data;
  const names = header.map((h) => h.trim().toLowerCase());
  const known: readonly string[] = [...required, ...optional];
  const before = problems.length;
  for (const name of required)
    if (!names.includes(name))
      problems.push({
        file,
        row: 1,
        column: name,
        message: `The column “${name}” is missing.`,
      });
  names.forEach((name, i) => {
    if (!known.includes(name))
      problems.push({
        file,
        row: 1,
        column: header[i] ?? "",
        message: `Unknown column “${header[i] ?? ""}”; ${what} files have ${known.join(", ")}.`,
      });
    else if (names.indexOf(name) !== i)
      problems.push({
        file,
        row: 1,
        column: name,
        message: `The column “${name}” appears twice.`,
      });
  });
  if (problems.length > before) return null;
  const rows = body.map((cells, i) => ({
    row: i + 2,
    cells: Object.fromEntries(names.map((n, c) => [n, (cells[c] ?? "").trim()])),
  }));
  // Blank lines keep their number (so rows match the editor) but are not data.
  return {
    file,
    sha256,
    rows: rows.filter((r) => Object.values(r.cells).some((c) => c !== "")),
  };
}

/**
 * One CSV (UTF-8) or XLSX (one sheet, values only) file of the given columns, as a sheet of
 * strings; a file that cannot be read at all only adds problems. Shared by every import.
 */
export async function readSheet(file: ImportFile, what: string, columns: Columns, problems: Problem[]): Promise<Sheet | null> {
  const { name, content } = file;
  if (content.byteLength > MAX_FILE_BYTES) {
    problems.push({
      file: name,
      row: null,
      column: null,
      message: `The file is ${(content.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split it into several imports.`,
    });
    return null;
  }
  const data = name.toLowerCase().endsWith(".xlsx") ? await parseXlsx(name, content, problems) : parseCsv(name, content, problems);
  return data && toSheet(name, what, columns, createHash("sha256").update(content).digest("hex"), data, problems);
}

/** Reads every file into a table of strings; files that cannot be read at all only add problems. */
export async function parseFiles(files: ImportFile[], onProgress: Progress = () => {}) {
  const problems: Problem[] = [];
  const tables = new Map<FileKind, Table>();
  for (const [i, { name, content }] of files.entries()) {
    onProgress({ phase: `Reading ${name}`, done: i, total: files.length });
    const kind = kindOfFile(name);
    if (!kind) {
      problems.push({
        file: name,
        row: null,
        column: null,
        message: "Unknown file: name it parts, bom, routing, characteristics or documents, as .csv or .xlsx.",
      });
      continue;
    }
    if (tables.has(kind)) {
      problems.push({
        file: name,
        row: null,
        column: null,
        message: `Two ${kind} files were given; give one.`,
      });
      continue;
    }
    const sheet = await readSheet({ name, content }, kind, fileColumns[kind], problems);
    if (sheet) tables.set(kind, { ...sheet, kind });
  }
  return { tables, problems };
}
