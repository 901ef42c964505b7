"use client";

import { useQueryClient } from "@tanstack/react-query";

import { FileImportForm } from "@/components/import/file-import-form";
import { useTRPC } from "@/components/trpc/client";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Summary = NonNullable<RouterOutputs["workOrders"]["importDryRun"]["summary"]>;

function SummaryTable({ summary }: { summary: Summary }) {
  return (
    <Table caption="What the import writes">
      <TableHeader columns={["What", { label: "New", align: "right" }, { label: "Already in the database", align: "right" }]} />
      <TableBody>
        <TableRow>
          <TableCell>Work orders</TableCell>
          <TableCell align="right">{summary.workOrders}</TableCell>
          <TableCell align="right">{summary.unchangedWorkOrders}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

const texts = {
  filesDescription: "One file with the columns number, part_number, revision, quantity, line, due_date, serial_prefix and status, as .csv (UTF-8) or .xlsx (one sheet, values only).",
  fieldLabel: "Work order file",
  fieldHint: "Choose one file.",
  committed: "The work orders are created, planned or released as the file says; release, hold and close them on the work orders page.",
  unchanged: "Every work order in this file is already in the database with the same part, quantity, line, due date and serial prefix.",
  alreadyImported: "Every work order in this file is already in the database with the same part, quantity, line, due date and serial prefix; importing it again changes nothing.",
  notChecked: "The check lists every problem by row and column before anything is written. The column format is in docs/work-orders.md.",
};

export function WorkOrderImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <FileImportForm<Summary>
      endpoint="/api/work-orders/import"
      isMultiple={false}
      texts={texts}
      renderSummary={(summary) => <SummaryTable summary={summary} />}
      onCommitted={() => void queryClient.invalidateQueries({ queryKey: trpc.workOrders.list.pathKey() })}
    />
  );
}
