"use client";

import { FileImportForm } from "@/components/import/file-import-form";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Summary = NonNullable<RouterOutputs["masterData"]["dryRun"]["summary"]>;

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

const texts = {
  filesDescription: "parts, bom, routing, characteristics and documents, as .csv (UTF-8) or .xlsx (one sheet, values only), up to 50 MB each.",
  fieldLabel: "Import files",
  fieldHint: "Choose one to five files at once.",
  committed: "The parts are released as revision A; later changes go through change orders.",
  unchanged: "Every part and document in these files is already in the database, exactly as in the files.",
  alreadyImported: "Every part and document in these files is already in the database, exactly as in the files; importing them again changes nothing.",
  notChecked: "The check lists every problem by file, row and column before anything is written. The column formats are in docs/master-data-import.md.",
};

export function ImportForm() {
  return <FileImportForm<Summary> endpoint="/api/master-data/import" isMultiple texts={texts} renderSummary={(summary) => <SummaryTable summary={summary} />} />;
}
