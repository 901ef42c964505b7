import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

import { formatNumber } from "./format";

type Row = RouterOutputs["traceability"]["record"]["bomComparison"][number];

const flagClasses: Record<Row["flag"], string> = {
  ok: "bg-green-100 text-green-800",
  missing: "bg-red-100 text-red-800",
  "not yet installed": "bg-slate-100 text-slate-700",
  extra: "bg-amber-100 text-amber-900",
  "wrong part": "bg-red-100 text-red-800",
  "wrong revision": "bg-amber-100 text-amber-900",
};

/** The released BOM of the unit's revision next to what was actually installed. */
export function BomComparisonTable({ rows }: { rows: Row[] }) {
  return (
    <Table isFramed tableClassName="min-w-[36rem]">
        <TableHeader columns={["Find no.", "Part", { label: "Designed", align: "right" }, { label: "Installed", align: "right" }, "As built", "Check"]} />
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.findNumber ?? "x"}-${row.partNumber}`} className={cn(row.flag !== "ok" && row.flag !== "not yet installed" && "bg-red-50/40")}>
              <TableCell className="tabular-nums">{row.findNumber ?? "–"}</TableCell>
              <TableCell>
                <span className="font-mono text-xs">{row.partNumber}</span> <span className="text-slate-600">{row.partName}</span>
              </TableCell>
              <TableCell align="right">{formatNumber(row.designedQty)}</TableCell>
              <TableCell align="right">{formatNumber(row.installedQty)}</TableCell>
              <TableCell className="font-mono text-xs">{row.installed.map((i) => i.serial ?? i.lotNumber).join(", ") || "–"}</TableCell>
              <TableCell>
                <span className={cn("rounded px-1.5 py-0.5 text-xs font-semibold", flagClasses[row.flag])}>{row.flag}</span>
                {row.note && <span className="ml-2 text-xs text-slate-600">{row.note}</span>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
  );
}
