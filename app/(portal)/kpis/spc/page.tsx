import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { createLoader, parseAsString, type SearchParams } from "nuqs/server";

import { KpiSubPage } from "@/components/kpis/kpi-sub-page";
import { prefetchIfValid } from "@/components/kpis/prefetch-kpis";
import { kpiHref, loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { SpcView } from "@/components/kpis/spc-view";
import { caller, getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";

export const metadata: Metadata = { title: "SPC" };

const loadChoice = createLoader({ op: parseAsString, char: parseAsString });

export default async function SpcPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const input = toKpiInput(await loadKpiSearchParams(searchParams));
  const api = await caller();
  if (!input.part) {
    // Open on the first part that has measured characteristics.
    const { parts } = await api.kpis.filterOptions();
    for (const p of parts) {
      if ((await api.kpis.spcCharacteristics({ part: p.partNumber })).length > 0) redirect(kpiHref("/kpis/spc", { ...input, part: p.partNumber }));
    }
  }
  const part = input.part ?? "";
  const { op, char } = await loadChoice(searchParams);
  const queryClient = getQueryClient();
  void queryClient.prefetchQuery(trpc.kpis.filterOptions.queryOptions());
  const characteristics = await queryClient.fetchQuery(trpc.kpis.spcCharacteristics.queryOptions({ part }));
  const selected = characteristics.find((c) => c.operationCode === op && c.name === char) ?? characteristics[0];
  if (selected) {
    await prefetchIfValid(input, () => void queryClient.prefetchQuery(trpc.kpis.spcChart.queryOptions({ window: input.window, from: input.from, to: input.to, part, operation: selected.operationCode, characteristic: selected.name })));
  }
  return (
    <KpiSubPage title="SPC control charts" description="Individuals and moving-range charts per characteristic, limits from the data, Western Electric rules, capability." input={input} filter={{ showPlace: false, requirePart: true }} backHref={kpiHref("/kpis", { ...input, part: undefined })}>
      <SpcView canRaiseEcr={can(user.role, "authorChanges")} canTrace={can(user.role, "traceability")} />
    </KpiSubPage>
  );
}
