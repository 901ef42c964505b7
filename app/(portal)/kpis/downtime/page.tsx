import type { Metadata } from "next";
import { createLoader, parseAsInteger, parseAsStringLiteral, type SearchParams } from "nuqs/server";

import { KpiDowntimeTable } from "@/components/kpis/kpi-downtime-table";
import { KpiSubPage } from "@/components/kpis/kpi-sub-page";
import { prefetchIfValid } from "@/components/kpis/prefetch-kpis";
import { loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { lossStates } from "@/server/kpis/constants";

export const metadata: Metadata = { title: "Downtime" };

const loadExtra = createLoader({ page: parseAsInteger.withDefault(1), state: parseAsStringLiteral(lossStates) });

export default async function KpiDowntimePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const input = toKpiInput(await loadKpiSearchParams(searchParams));
  const { page, state } = await loadExtra(searchParams);
  await prefetchIfValid(input, () => void getQueryClient().prefetchQuery(trpc.kpis.downtime.queryOptions({ ...input, states: state ? [state] : [...lossStates], page: Math.max(1, page) })));
  return (
    <KpiSubPage title="Downtime" description="The station state intervals behind availability, MTBF and MTTR." input={input}>
      <KpiDowntimeTable />
    </KpiSubPage>
  );
}
