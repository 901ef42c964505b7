"use client";

import { useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";

import { formatDurationTick, formatNumber, formatSeconds } from "./format";
import { ParetoChart } from "./pareto-chart";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

export function KpiParetos() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.paretos.queryOptions(input, { retry: retryUnlessRejected }));
  return (
    <div className="grid gap-4 xl:grid-cols-2 2xl:grid-cols-3">
      <ParetoChart title="Top failure operations" rows={data.operations} valueName="First-pass failures" formatValue={(v) => formatNumber(v)} csvHref={kpiHref("/kpis/export", input, { table: "pareto-operations" })} emptyText="No first-pass failures." />
      <ParetoChart title="Top downtime reasons" rows={data.downtime} valueName="Down time" formatValue={(v) => formatSeconds(v)} formatTick={formatDurationTick} csvHref={kpiHref("/kpis/export", input, { table: "pareto-downtime" })} emptyText="No downtime." />
      <ParetoChart className="xl:col-span-2 2xl:col-span-1" title="Top defect measurements" rows={data.measurements} valueName="Out of limits" formatValue={(v) => formatNumber(v)} csvHref={kpiHref("/kpis/export", input, { table: "pareto-measurements" })} emptyText="No measurement out of its limits." />
    </div>
  );
}
