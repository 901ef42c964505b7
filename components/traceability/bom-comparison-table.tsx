import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";

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
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[36rem] text-sm">
        <thead className="bg-slate-50 text-left text-xs text-slate-500">
          <tr>
            <th className="px-3 py-1.5 font-medium">Find no.</th>
            <th className="px-3 py-1.5 font-medium">Part</th>
            <th className="px-3 py-1.5 text-right font-medium">Designed</th>
            <th className="px-3 py-1.5 text-right font-medium">Installed</th>
            <th className="px-3 py-1.5 font-medium">As built</th>
            <th className="px-3 py-1.5 font-medium">Check</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={`${row.findNumber ?? "x"}-${row.partNumber}`} className={cn(row.flag !== "ok" && row.flag !== "not yet installed" && "bg-red-50/40")}>
              <td className="px-3 py-1.5 tabular-nums">{row.findNumber ?? "–"}</td>
              <td className="px-3 py-1.5">
                <span className="font-mono text-xs">{row.partNumber}</span> <span className="text-slate-600">{row.partName}</span>
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">{formatNumber(row.designedQty)}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{formatNumber(row.installedQty)}</td>
              <td className="px-3 py-1.5 font-mono text-xs">{row.installed.map((i) => i.serial ?? i.lotNumber).join(", ") || "–"}</td>
              <td className="px-3 py-1.5">
                <span className={cn("rounded px-1.5 py-0.5 text-xs font-semibold", flagClasses[row.flag])}>{row.flag}</span>
                {row.note && <span className="ml-2 text-xs text-slate-600">{row.note}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
