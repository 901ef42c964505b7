import { Activity } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";

import { KpiDashboard } from "@/components/kpis/kpi-dashboard";
import { KpiFilterBar } from "@/components/kpis/kpi-filter-bar";
import { prefetchIfValid } from "@/components/kpis/prefetch-kpis";
import { loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "KPIs" };

export default async function KpisPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const input = toKpiInput(await loadKpiSearchParams(searchParams));
  const queryClient = getQueryClient();
  void queryClient.prefetchQuery(trpc.kpis.filterOptions.queryOptions());
  await prefetchIfValid(input, () => {
    void queryClient.prefetchQuery(trpc.kpis.summary.queryOptions(input));
    void queryClient.prefetchQuery(trpc.kpis.trend.queryOptions(input));
    void queryClient.prefetchQuery(trpc.kpis.lines.queryOptions(input));
    void queryClient.prefetchQuery(trpc.kpis.paretos.queryOptions(input));
  });
  return (
    <HydrateClient>
      <PageHeader
        title="KPIs"
        description="First-pass yield, OEE, scrap, downtime and change cycle time (ISO 22400-2). Every figure opens the records behind it."
        actions={
          <Link href="/kpis/spc" className={buttonVariants({ variant: "secondary", size: "sm" })}>
            <Activity className="size-4" aria-hidden="true" />
            SPC control charts
          </Link>
        }
      />
      <Suspense fallback={<div className="mb-4 h-16 animate-pulse rounded-lg bg-slate-100" />}>
        <KpiFilterBar />
      </Suspense>
      <KpiDashboard />
    </HydrateClient>
  );
}
