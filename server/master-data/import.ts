import { sql } from "drizzle-orm";

import type { Db } from "@/db";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ValidationError } from "@/server/errors";

import type { Problem, Progress } from "./formats";
import { parseFiles, type ImportFile } from "./parse";
import { validateTables, type ImportPlan } from "./validate";
import { writePlan } from "./commit";

/** Problems are listed, not thrown: a dry run shows every one of them at once. */
const MAX_LISTED_PROBLEMS = 1000;
const IMPORT_LOCK = 7_406_014;

function summary(plan: ImportPlan) {
  return {
    parts: plan.parts.length,
    bomLines: plan.bom.length,
    routingOperations: plan.routing.length,
    characteristics: plan.characteristics.length,
    documents: plan.documents.length,
    unchangedParts: plan.unchangedParts,
    unchangedDocuments: plan.unchangedDocuments,
  };
}

export type ImportSummary = ReturnType<typeof summary>;

export interface DryRunResult<S = ImportSummary> {
  problems: Problem[];
  problemCount: number;
  summary: S | null;
  /** Nothing new in the files: committing them would change nothing. */
  isUnchanged: boolean;
}

/** What a dry run of any import answers: the problems (the first thousand), else what a commit would write. */
export function importOutcome<S>(problems: Problem[], summary: S, isNoOp: boolean): DryRunResult<S> {
  return {
    problems: problems.slice(0, MAX_LISTED_PROBLEMS),
    problemCount: problems.length,
    summary: problems.length ? null : summary,
    isUnchanged: !problems.length && isNoOp,
  };
}

const isNoOp = (plan: ImportPlan) => plan.parts.length === 0 && plan.documents.length === 0;

/** Everything a commit would find wrong, by file, row and column; writes nothing. */
export async function dryRunImport(db: Db, files: ImportFile[], onProgress?: Progress): Promise<DryRunResult> {
  const { tables, problems } = await parseFiles(files, onProgress);
  const plan = await validateTables(db, tables, problems, onProgress);
  return importOutcome(problems, summary(plan), isNoOp(plan));
}

export class ImportProblemsError extends ValidationError {
  constructor(readonly problems: Problem[]) {
    const [first] = problems;
    super(
      `The import has ${problems.length} problem(s)${first ? `; the first: ${first.file}${first.row ? ` row ${first.row}` : ""}${first.column ? ` column ${first.column}` : ""}: ${first.message}` : ""}. Run the dry run to see them all.`,
    );
  }
}

/** Validates again and writes everything in one transaction, or nothing; an import of nothing new writes nothing and says so. */
export async function commitImport(db: Db, user: SessionUser, files: ImportFile[], onProgress?: Progress) {
  return db.transaction(async (tx) => {
    // One import at a time: two concurrent ones would each see the other's parts as new.
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    const { tables, problems } = await parseFiles(files, onProgress);
    const plan = await validateTables(tx, tables, problems, onProgress);
    if (problems.length) throw new ImportProblemsError(problems);
    const counts = summary(plan);
    if (isNoOp(plan)) return { isUnchanged: true, summary: counts };
    await writePlan(tx, plan, onProgress);
    await appendAudit(tx, {
      ...auditActor(user),
      action: "master_data.imported",
      entityType: "master_data",
      data: {
        ...counts,
        files: [...tables.values()].map((t) => ({
          name: t.file,
          sha256: t.sha256,
          rows: t.rows.length,
        })),
      },
    });
    return { isUnchanged: false, summary: counts };
  });
}
