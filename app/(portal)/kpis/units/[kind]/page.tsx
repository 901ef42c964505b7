import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { createLoader, parseAsInteger, type SearchParams } from "nuqs/server";

import { KpiUnitsTable } from "@/components/kpis/kpi-units-table";
import { KpiSubPage } from "@/components/kpis/kpi-sub-page";
import { prefetchIfValid } from "@/components/kpis/prefetch-kpis";
import { loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";
import { unitKindTitles, unitRecordKinds, type UnitRecordKind } from "@/server/kpis/constants";

const loadPage = createLoader({ page: parseAsInteger.withDefault(1) });
const isKind = (kind: string): kind is UnitRecordKind => (unitRecordKinds as readonly string[]).includes(kind);

export async function generateMetadata({ params }: { params: Promise<{ kind: string }> }): Promise<Metadata> {
  const { kind } = await params;
  return { title: isKind(kind) ? unitKindTitles[kind] : "KPIs" };
}

export default async function KpiUnitsPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { kind } = await params;
  if (!isKind(kind)) notFound();
  const input = toKpiInput(await loadKpiSearchParams(searchParams));
  const { page } = await loadPage(searchParams);
  await prefetchIfValid(input, () => void getQueryClient().prefetchQuery(trpc.kpis.units.queryOptions({ ...input, kind, page: Math.max(1, page) })));
  return (
    <KpiSubPage title={unitKindTitles[kind]} description="The records behind the KPI figure, for the same filter." input={input}>
      <KpiUnitsTable kind={kind} canTrace={can(user.role, "traceability")} />
    </KpiSubPage>
  );
}
