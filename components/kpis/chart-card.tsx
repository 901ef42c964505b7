import { Download } from "lucide-react";
import type { ReactNode } from "react";

import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** A KPI card: a chart or table with its CSV export next to the title. */
export function ChartCard({ title, csvHref, info, children, className }: { title: string; csvHref?: string; info?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <Card
      title={title}
      info={info}
      className={className}
      actions={
        csvHref && (
          <a href={csvHref} className={buttonVariants({ variant: "secondary", size: "xs" })} aria-label={`Export ${title} as CSV`}>
            <Download className="size-3.5" aria-hidden="true" />
            CSV
          </a>
        )
      }
    >
      {children}
    </Card>
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
