import { sql } from "drizzle-orm";
import type { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { can, type SessionUser } from "@/server/auth/roles";
import { ForbiddenError } from "@/server/errors";
import { pgArray } from "@/server/kpis/sql-array";
import type { Problem, Progress } from "@/server/master-data/formats";
import { importOutcome, ImportProblemsError } from "@/server/master-data/import";
import { readSheet, type ImportFile, type Sheet } from "@/server/master-data/parse";
import { RowReader } from "@/server/master-data/validate";

import { chooseLine, chooseRevision, createWorkOrderInput, linesInService, revisionsByPart } from "./work-orders";

/** The columns of a work order file (docs/work-orders.md, "Import from CSV"). */
export const workOrderColumns = {
  required: ["number", "part_number", "quantity", "line", "due_date"],
  optional: ["revision", "serial_prefix", "status"],
} as const;

const IMPORT_LOCK = 7_406_015;
const MAX_ROWS = 10_000;
const fields = createWorkOrderInput.shape;

interface WorkOrderRow {
  row: number;
  number: string;
  partNumber: string;
  revisionId: number;
  revision: string;
  qty: number;
  lineId: number;
  linePath: string;
  dueDate: string;
  serialPrefix: string | null;
  status: "planned" | "released";
}

export interface WorkOrderImportPlan {
  create: WorkOrderRow[];
  unchanged: number;
}

/** A cell checked by the same schema as the form's field, so a file and the form refuse the same things. */
function field<T>(read: RowReader, r: Sheet["rows"][number], column: string, schema: z.ZodType<T>, value: unknown): T | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  read.problem(r.row, column, parsed.error.issues.map((i) => i.message).join(" "));
  return null;
}

/** Every row checked against the file and the database; orders already there with the same content are left alone. */
async function planImport(db: DbOrTx, sheet: Sheet, problems: Problem[]): Promise<WorkOrderImportPlan> {
  const read = new RowReader(sheet, problems);
  if (sheet.rows.length > MAX_ROWS) {
    problems.push({ file: sheet.file, row: null, column: null, message: `The file has ${sheet.rows.length} work orders; an import takes at most ${MAX_ROWS}. Split it.` });
    return { create: [], unchanged: 0 };
  }
  const partNumbers = [...new Set(sheet.rows.map((r) => r.cells.part_number ?? "").filter(Boolean))];
  const numbers = [...new Set(sheet.rows.map((r) => r.cells.number ?? "").filter(Boolean))];
  const [revisions, allLines, existing] = await Promise.all([
    revisionsByPart(db, partNumbers),
    linesInService(db),
    numbers.length
      ? db.execute<{ number: string; part_number: string; revision: string; qty: number; line_id: number; due_date: string | null; serial_prefix: string | null }>(sql`
          select wo.number, p.part_number, pr.revision, wo.qty, wo.line_id, wo.due_date::text, wo.serial_prefix
          from work_orders wo join part_revisions pr on pr.id = wo.part_revision_id join parts p on p.id = pr.part_id
          where wo.number = any(${pgArray(numbers)}::text[])`)
      : Promise.resolve([]),
  ]);
  const existingByNumber = new Map(existing.map((e) => [e.number, e]));
  const seen = new Map<string, number>();
  const plan: WorkOrderImportPlan = { create: [], unchanged: 0 };

  for (const r of sheet.rows) {
    const before = problems.length;
    const number = field(read, r, "number", fields.number, read.text(r, "number"));
    if (number) read.unique(seen, number, r, "number", `Work order ${number}`);

    const partNumber = read.partNumber(r, "part_number");
    const revisionCell = read.text(r, "revision", false) || undefined;
    let revision: { id: number; revision: string } | null = null;
    if (partNumber) {
      const candidates = revisions.get(partNumber);
      const chosen = candidates ? chooseRevision(partNumber, candidates, revisionCell) : `No part has the number "${partNumber}".`;
      if (typeof chosen === "string") read.problem(r.row, revisionCell && candidates ? "revision" : "part_number", chosen);
      else revision = chosen;
    }

    const quantity = read.text(r, "quantity");
    const isNumber = /^[+-]?\d+(\.\d+)?$/.test(quantity);
    if (quantity && !isNumber) read.problem(r.row, "quantity", `“${quantity}” is not a whole number.`);
    const qty = quantity && isNumber ? field(read, r, "quantity", fields.qty, Number(quantity)) : null;

    const lineCode = read.text(r, "line");
    const line = lineCode ? chooseLine(lineCode, allLines.filter((l) => l.code === lineCode)) : null;
    if (typeof line === "string") read.problem(r.row, "line", line);

    const dueDate = field(read, r, "due_date", fields.dueDate, read.text(r, "due_date") || undefined);
    const prefixCell = read.text(r, "serial_prefix", false);
    const serialPrefix = prefixCell ? (field(read, r, "serial_prefix", fields.serialPrefix, prefixCell) ?? null) : null;
    const statusCell = (r.cells.status ?? "").toLowerCase() || "planned";
    if (statusCell !== "planned" && statusCell !== "released") read.problem(r.row, "status", `“${r.cells.status}” is neither planned nor released; an import creates orders in one of those.`);

    if (problems.length > before || !number || !revision || !qty || !line || typeof line === "string" || !dueDate) continue;
    const row: WorkOrderRow = { row: r.row, number, partNumber, revisionId: revision.id, revision: revision.revision, qty, lineId: line.id, linePath: line.path, dueDate, serialPrefix, status: statusCell === "released" ? "released" : "planned" };
    const stored = existingByNumber.get(number);
    if (!stored) {
      plan.create.push(row);
      continue;
    }
    // The file's status is where a new order starts; an order already there has moved on from it.
    const differences = [
      stored.part_number !== partNumber && `part ${stored.part_number}`,
      revisionCell !== undefined && stored.revision !== revisionCell && `revision ${stored.revision}`,
      stored.qty !== qty && `quantity ${stored.qty}`,
      stored.line_id !== line.id && `line ${allLines.find((l) => l.id === stored.line_id)?.code ?? "retired"}`,
      stored.due_date !== dueDate && `due date ${stored.due_date ?? "none"}`,
      stored.serial_prefix !== serialPrefix && `serial prefix ${stored.serial_prefix ?? "none"}`,
    ].filter(Boolean);
    if (differences.length) read.problem(r.row, "number", `Work order ${number} already exists with ${differences.join(", ")}; an import only adds orders, change this one on the work orders page.`);
    else plan.unchanged++;
  }
  return plan;
}

async function readWorkOrderFile(db: DbOrTx, files: ImportFile[], onProgress: Progress) {
  const problems: Problem[] = [];
  onProgress({ phase: "Reading the file", done: 0, total: 2 });
  const [file, ...others] = files;
  if (!file || others.length) {
    problems.push({ file: files.map((f) => f.name).join(", "), row: null, column: null, message: "Give exactly one work order file (.csv or .xlsx)." });
    return { problems, plan: null, sheet: null };
  }
  const sheet = await readSheet(file, "work order", workOrderColumns, problems);
  onProgress({ phase: "Checking work orders", done: 1, total: 2 });
  const plan = sheet ? await planImport(db, sheet, problems) : null;
  return { problems, plan, sheet };
}

const summary = (plan: WorkOrderImportPlan | null) => ({ workOrders: plan?.create.length ?? 0, unchangedWorkOrders: plan?.unchanged ?? 0 });

function requirePlanner(user: SessionUser) {
  if (!can(user.role, "planWorkOrders")) throw new ForbiddenError(`Your role (${user.role}) may not import work orders.`);
}

/** Everything a commit would find wrong, by row and column; writes nothing. */
export async function dryRunWorkOrderImport(db: Db, user: SessionUser, files: ImportFile[], onProgress: Progress = () => {}) {
  requirePlanner(user);
  const { problems, plan } = await readWorkOrderFile(db, files, onProgress);
  return importOutcome(problems, summary(plan), plan?.create.length === 0);
}

/** Checks again and creates every new order in one transaction, each audited as the form's create is; or nothing. */
export async function commitWorkOrderImport(db: Db, user: SessionUser, files: ImportFile[], onProgress: Progress = () => {}) {
  requirePlanner(user);
  return db.transaction(async (tx) => {
    // One import at a time: two concurrent ones would each see the other's orders as new.
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    const { problems, plan, sheet } = await readWorkOrderFile(tx, files, onProgress);
    if (problems.length || !plan || !sheet) throw new ImportProblemsError(problems);
    if (!plan.create.length) return { isUnchanged: true, summary: summary(plan) };
    onProgress({ phase: "Writing work orders", done: 1, total: 2 });
    const rows = plan.create;
    await tx.execute(sql`
      insert into work_orders (number, part_revision_id, line_id, qty, due_date, serial_prefix, status)
      select * from unnest(${pgArray(rows.map((w) => w.number))}::text[], ${pgArray(rows.map((w) => w.revisionId))}::int[], ${pgArray(rows.map((w) => w.lineId))}::int[],
        ${pgArray(rows.map((w) => w.qty))}::int[], ${pgArray(rows.map((w) => w.dueDate))}::date[], ${pgArray(rows.map((w) => w.serialPrefix))}::text[],
        ${pgArray(rows.map((w) => w.status))}::work_order_status[])`);
    const source = { file: sheet.file, sha256: sheet.sha256, row: 0 };
    for (const w of rows) {
      await appendAudit(tx, {
        ...auditActor(user),
        action: "work_order.created",
        entityType: "work_order",
        entityId: w.number,
        data: { partNumber: w.partNumber, revision: w.revision, qty: w.qty, line: w.linePath, dueDate: w.dueDate, serialPrefix: w.serialPrefix ?? undefined, status: w.status, import: { ...source, row: w.row } },
      });
    }
    onProgress({ phase: "Everything written", done: 2, total: 2 });
    return { isUnchanged: false, summary: summary(plan) };
  });
}
