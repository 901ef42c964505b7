import { Download } from "lucide-react";
import type { ReactNode } from "react";

/** A titled panel for a chart or table, with its CSV export next to the title. */
export function ChartCard({ title, csvHref, info, children, className }: { title: string; csvHref?: string; info?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section aria-label={title} className={`min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm ${className ?? ""}`}>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="flex items-center gap-1.5 text-sm font-semibold">
          {title}
          {info}
        </h2>
        {csvHref && (
          <a href={csvHref} className="flex shrink-0 items-center gap-1 rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50" aria-label={`Export ${title} as CSV`}>
            <Download className="size-3.5" aria-hidden="true" />
            CSV
          </a>
        )}
      </div>
      {children}
    </section>
  );
}

/** Series colours, shared by the KPI charts so a KPI keeps its colour everywhere. */
export const seriesColors = {
  firstPassYield: "#0284c7",
  oee: "#7c3aed",
  availability: "#16a34a",
  performance: "#d97706",
  quality: "#db2777",
  scrapRatio: "#dc2626",
  bar: "#475569",
  cumulative: "#ea580c",
} as const;
