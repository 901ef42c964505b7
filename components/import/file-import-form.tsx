"use client";

import { CheckCircle2, FileWarning } from "lucide-react";
import { useState, type ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { Pager, usePagedRows } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

import { uploadImport, type CommitResult, type DryRunResult, type UploadProgress } from "./upload";

export interface FileImportTexts {
  /** The card that takes the files. */
  filesDescription: string;
  fieldLabel: string;
  fieldHint: string;
  /** Shown after a commit that wrote something. */
  committed: string;
  /** A commit, or a dry run, of files already imported exactly as they are. */
  unchanged: string;
  alreadyImported: string;
  notChecked: string;
}

function ProblemsTable<S>({ result, isMultiple }: { result: DryRunResult<S>; isMultiple: boolean }) {
  const { rows, pager } = usePagedRows(result.problems, 25);
  const hidden = result.problemCount - result.problems.length;
  return (
    <Card
      title={
        <>
          Problems <Badge tone="danger">{result.problemCount}</Badge>
        </>
      }
      description={`Nothing has been written. Fix these in the ${isMultiple ? "files and check them" : "file and check it"} again.`}
      isFlush
    >
      <Table caption="Problems by file, row and column">
        <TableHeader columns={["File", { label: "Row", align: "right" }, "Column", "Problem"]} />
        <TableBody>
          {rows.map((p, i) => (
            <TableRow key={`${pager.page}-${i}`}>
              <TableCell className="whitespace-nowrap">{p.file}</TableCell>
              <TableCell align="right">{p.row ?? "–"}</TableCell>
              <TableCell className="font-mono text-xs">{p.column ?? "–"}</TableCell>
              <TableCell>{p.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager {...pager} label="Problem pages" className="px-4 py-2" />
      {hidden > 0 && <p className="px-4 pb-3 text-xs text-slate-500">{hidden} more problems are not listed; fix these first.</p>}
    </Card>
  );
}

/**
 * Choose files, check them (a dry run listing every problem by file, row and column), then import
 * them in one transaction: the same steps for every import, each with its own upload route and summary.
 */
export function FileImportForm<S>({
  endpoint,
  isMultiple,
  texts,
  renderSummary,
  onCommitted,
}: {
  endpoint: string;
  isMultiple: boolean;
  texts: FileImportTexts;
  renderSummary: (summary: S) => ReactNode;
  /** After a commit that wrote something: refresh what shows the imported records. */
  onCommitted?: () => void;
}) {
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [checked, setChecked] = useState<DryRunResult<S> | null>(null);
  const [committed, setCommitted] = useState<CommitResult<S> | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run<T>(mode: "dry-run" | "commit", done: (result: T) => void) {
    setError(null);
    if (mode === "dry-run") {
      setChecked(null);
      setCommitted(null);
    }
    setProgress({ label: "Uploading", fraction: 0 });
    try {
      done(await uploadImport<T>(endpoint, mode, files, setProgress));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  const isBusy = progress !== null;
  const canCommit = checked !== null && checked.problemCount === 0 && !checked.isUnchanged && !committed;
  return (
    <div className="space-y-4">
      <Card title={isMultiple ? "Files" : "File"} description={texts.filesDescription}>
        <div className="flex flex-wrap items-end gap-3">
          <Field label={texts.fieldLabel} hint={files.length ? files.map((f) => f.name).join(", ") : texts.fieldHint} className="min-w-72 flex-1">
            <Input
              type="file"
              multiple={isMultiple}
              accept=".csv,.xlsx"
              disabled={isBusy}
              onChange={(e) => {
                setFiles([...(e.target.files ?? [])]);
                setChecked(null);
                setCommitted(null);
                setError(null);
              }}
            />
          </Field>
          <Button variant="secondary" disabled={!files.length || isBusy} onClick={() => void run<DryRunResult<S>>("dry-run", setChecked)}>
            {isMultiple ? "Check files" : "Check file"}
          </Button>
          <Button disabled={!canCommit || isBusy} onClick={() => void run<CommitResult<S>>("commit", (result) => {
                setCommitted(result);
                if (!result.isUnchanged) onCommitted?.();
              })}>
            Import
          </Button>
        </div>
        {progress && (
          <div className="mt-3 space-y-1" role="status">
            <p className="text-sm text-slate-600">{progress.label}…</p>
            <progress className="h-2 w-full accent-sky-700" max={1} value={progress.fraction} aria-label={progress.label} />
          </div>
        )}
        {error && (
          <p role="alert" className="mt-3 text-sm font-medium text-red-700">
            {error}
          </p>
        )}
      </Card>

      {committed ? (
        <Card title="Imported">
          {committed.isUnchanged ? (
            <EmptyState icon={CheckCircle2} title="Nothing to import">
              {texts.unchanged}
            </EmptyState>
          ) : (
            <>
              <p role="status" className="mb-3 text-sm text-green-800">
                {texts.committed}
              </p>
              {renderSummary(committed.summary)}
            </>
          )}
        </Card>
      ) : checked && checked.problemCount > 0 ? (
        <ProblemsTable result={checked} isMultiple={isMultiple} />
      ) : checked?.summary ? (
        <Card
          title={checked.isUnchanged ? "Nothing new" : "Ready to import"}
          description={checked.isUnchanged ? undefined : `${isMultiple ? "The files check out" : "The file checks out"}. Import writes all of it in one transaction, or nothing.`}
        >
          {checked.isUnchanged ? (
            <EmptyState icon={CheckCircle2} title="Already imported">
              {texts.alreadyImported}
            </EmptyState>
          ) : (
            renderSummary(checked.summary)
          )}
        </Card>
      ) : (
        !isBusy && (
          <Card title="Not checked yet">
            <EmptyState icon={FileWarning} title={isMultiple ? "Choose the files and check them" : "Choose the file and check it"}>
              {texts.notChecked}
            </EmptyState>
          </Card>
        )
      )}
    </div>
  );
}
