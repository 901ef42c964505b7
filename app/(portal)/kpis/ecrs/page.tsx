import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";

import { KpiEcrTable } from "@/components/kpis/kpi-ecr-table";
import { KpiSubPage } from "@/components/kpis/kpi-sub-page";
import { prefetchIfValid } from "@/components/kpis/prefetch-kpis";
import { loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "ECR cycle time" };

export default async function KpiEcrsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const input = toKpiInput(await loadKpiSearchParams(searchParams));
  await prefetchIfValid(input, () => void getQueryClient().prefetchQuery(trpc.kpis.ecrCycleTimes.queryOptions(input)));
  return (
    <KpiSubPage title="ECR cycle time" description="From an engineering change request's submission to the release of the order that implements it." input={input} filter={{ showPlace: false }}>
      <KpiEcrTable />
    </KpiSubPage>
  );
}
