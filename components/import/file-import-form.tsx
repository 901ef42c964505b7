"use client";

import { CheckCircle2, FileWarning } from "lucide-react";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { Pager, usePagedRows } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

import { uploadImport, type CommitResult, type DryRunResult, type UploadProgress } from "./upload";

type Summary = NonNullable<DryRunResult["summary"]>;

const summaryRows: { key: keyof Summary; label: string; unchanged?: keyof Summary }[] = [
  { key: "parts", label: "Parts (each with a released revision A)", unchanged: "unchangedParts" },
  { key: "bomLines", label: "BOM lines" },
  { key: "routingOperations", label: "Routing operations" },
  { key: "characteristics", label: "Characteristics" },
  { key: "documents", label: "Documents", unchanged: "unchangedDocuments" },
];

function SummaryTable({ summary }: { summary: Summary }) {
  return (
    <Table caption="What the import writes">
      <TableHeader columns={["What", { label: "New", align: "right" }, { label: "Already in the database", align: "right" }]} />
      <TableBody>
        {summaryRows.map((r) => (
          <TableRow key={r.key}>
            <TableCell>{r.label}</TableCell>
            <TableCell align="right">{summary[r.key]}</TableCell>
            <TableCell align="right">{r.unchanged ? summary[r.unchanged] : ""}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ProblemsTable({ result }: { result: DryRunResult }) {
  const { rows, pager } = usePagedRows(result.problems, 25);
  const hidden = result.problemCount - result.problems.length;
  return (
    <Card
      title={
        <>
          Problems <Badge tone="danger">{result.problemCount}</Badge>
        </>
      }
      description="Nothing has been written. Fix these in the files and check them again."
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

export function ImportForm() {
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [checked, setChecked] = useState<DryRunResult | null>(null);
  const [committed, setCommitted] = useState<CommitResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run<T extends DryRunResult | CommitResult>(mode: "dry-run" | "commit", done: (result: T) => void) {
    setError(null);
    if (mode === "dry-run") {
      setChecked(null);
      setCommitted(null);
    }
    setProgress({ label: "Uploading", fraction: 0 });
    try {
      done(await uploadImport<T>(mode, files, setProgress));
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
      <Card title="Files" description="parts, bom, routing, characteristics and documents, as .csv (UTF-8) or .xlsx (one sheet, values only), up to 50 MB each.">
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Import files" hint={files.length ? files.map((f) => f.name).join(", ") : "Choose one to five files at once."} className="min-w-72 flex-1">
            <Input
              type="file"
              multiple
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
          <Button variant="secondary" disabled={!files.length || isBusy} onClick={() => void run<DryRunResult>("dry-run", setChecked)}>
            Check files
          </Button>
          <Button disabled={!canCommit || isBusy} onClick={() => void run<CommitResult>("commit", setCommitted)}>
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
              Every part and document in these files is already in the database, exactly as in the files.
            </EmptyState>
          ) : (
            <>
              <p role="status" className="mb-3 text-sm text-green-800">
                The parts are released as revision A; later changes go through change orders.
              </p>
              <SummaryTable summary={committed.summary} />
            </>
          )}
        </Card>
      ) : checked && checked.problemCount > 0 ? (
        <ProblemsTable result={checked} />
      ) : checked?.summary ? (
        <Card
          title={checked.isUnchanged ? "Nothing new" : "Ready to import"}
          description={checked.isUnchanged ? undefined : "The files check out. Import writes all of it in one transaction, or nothing."}
        >
          {checked.isUnchanged ? (
            <EmptyState icon={CheckCircle2} title="Already imported">
              Every part and document in these files is already in the database, exactly as in the files; importing them again changes nothing.
            </EmptyState>
          ) : (
            <SummaryTable summary={checked.summary} />
          )}
        </Card>
      ) : (
        !isBusy && (
          <Card title="Not checked yet">
            <EmptyState icon={FileWarning} title="Choose the files and check them">
              The check lists every problem by file, row and column before anything is written. The column formats are in docs/master-data-import.md.
            </EmptyState>
          </Card>
        )
      )}
    </div>
  );
}
