import Link from "next/link";
import { Suspense, type ReactNode } from "react";

import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/api/rsc";
import type { KpiFilter } from "@/server/kpis/windows";

import { KpiWidget } from "./kpi-dashboard";
import { KpiFilterBar } from "./kpi-filter-bar";
import { kpiHref } from "./search-params";

/** The frame of every page under /kpis that opens from a figure: header, way back, the same filter, one widget. */
export function KpiSubPage({ title, description, input, backHref, filter = {}, children }: { title: string; description: string; input: KpiFilter; backHref?: string; filter?: { showPlace?: boolean; requirePart?: boolean }; children: ReactNode }) {
  void getQueryClient().prefetchQuery(trpc.kpis.filterOptions.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title={title}
        description={description}
        actions={
          <Link href={backHref ?? kpiHref("/kpis", input)} className="text-sm text-sky-700 hover:underline">
            ← Back to KPIs
          </Link>
        }
      />
      <Suspense fallback={<div className="mb-4 h-16 animate-pulse rounded-lg bg-slate-100" />}>
        <KpiFilterBar {...filter} />
      </Suspense>
      <KpiWidget height="h-96">{children}</KpiWidget>
    </HydrateClient>
  );
}
