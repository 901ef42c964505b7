"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Info } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { useTRPC } from "@/components/trpc/client";

import { kpiDefinitions, type KpiKey } from "./definitions";
import { formatDays, formatNumber, formatPercent, formatSeconds, formatWindow } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

export function KpiInfo({ kpi }: { kpi: KpiKey }) {
  const d = kpiDefinitions[kpi];
  return (
    <span className="group relative inline-flex">
      <button type="button" aria-label={`How ${d.name} is computed`} aria-describedby={`kpi-def-${kpi}`} className="rounded text-slate-400 hover:text-slate-700">
        <Info className="size-3.5" aria-hidden="true" />
      </button>
      <span
        id={`kpi-def-${kpi}`}
        role="tooltip"
        className="absolute top-5 left-1/2 z-20 hidden w-64 -translate-x-1/2 rounded-md bg-slate-900 p-2.5 text-xs font-normal text-white shadow-lg group-focus-within:block group-hover:block"
      >
        <span className="block font-semibold">{d.name}</span>
        <span className="mt-1 block font-mono text-[11px] text-sky-200">= {d.formula}</span>
        <span className="mt-1 block text-slate-300">{d.note}</span>
      </span>
    </span>
  );
}

function KpiCard({ kpi, value, href, detail, children }: { kpi: KpiKey; value: string; href: string; detail?: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      <div className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
        {kpiDefinitions[kpi].name}
        <KpiInfo kpi={kpi} />
      </div>
      <Link href={href} className="mt-1 block text-2xl font-semibold tracking-tight text-slate-900 underline-offset-4 hover:text-sky-700 hover:underline" aria-label={`${kpiDefinitions[kpi].name} ${value}: open the records`}>
        {value}
      </Link>
      {detail && <div className="mt-0.5 text-xs text-slate-500">{detail}</div>}
      {children}
    </div>
  );
}

function SubFigure({ kpi, value, href }: { kpi: KpiKey; value: string; href: string }) {
  return (
    <div className="min-w-0">
      <div className="flex items-center gap-1 text-[11px] text-slate-500">
        {kpiDefinitions[kpi].name}
        <KpiInfo kpi={kpi} />
      </div>
      <Link href={href} className="text-sm font-semibold text-slate-800 hover:text-sky-700 hover:underline" aria-label={`${kpiDefinitions[kpi].name} ${value}: open the records`}>
        {value}
      </Link>
    </div>
  );
}

export function KpiCards() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.summary.queryOptions(input, { retry: retryUnlessRejected }));
  const { figures: f, scope } = data;
  const c = f.counts;
  const lineHref = scope.line ? `/lines/${encodeURIComponent(scope.line.code)}?from=${scope.window.from.toISOString()}&to=${scope.window.to.toISOString()}` : "/lines";
  const units = scope.station ? "first attempts" : "units";
  const hrefs = {
    failures: kpiHref("/kpis/units/first-pass-failures", input),
    scrap: kpiHref("/kpis/units/scrap", input),
    rework: kpiHref("/kpis/units/rework", input),
    losses: kpiHref("/kpis/downtime", input),
    down: kpiHref("/kpis/downtime", input, { state: "DOWN" }),
    ecrs: kpiHref("/kpis/ecrs", input),
  };
  return (
    <section aria-label="Key figures">
      <p className="mb-2 text-xs text-slate-500" data-testid="kpi-window">
        {formatWindow(scope.window)} · {scope.station ? `station ${scope.station.code}` : scope.line ? `line ${scope.line.code}` : "all lines"}
        {scope.part && ` · ${scope.part.partNumber}`}
      </p>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <KpiCard kpi="firstPassYield" value={formatPercent(f.firstPassYield)} href={hrefs.failures} detail={`${formatNumber(c.firstPass)} of ${formatNumber(c.started)} ${units}`} />
        <KpiCard kpi="rolledThroughputYield" value={formatPercent(f.rolledThroughputYield)} href={hrefs.failures} detail={f.rolledThroughputYield === null ? "Choose a line" : "across the line's stations"} />
        <div className="col-span-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          <div className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
            {kpiDefinitions.oee.name}
            <KpiInfo kpi="oee" />
          </div>
          <div className="flex flex-wrap items-end gap-x-5 gap-y-1">
            <Link href={hrefs.losses} className="text-2xl font-semibold tracking-tight hover:text-sky-700 hover:underline" aria-label={`OEE ${formatPercent(f.oee)}: open the records`}>
              {formatPercent(f.oee)}
            </Link>
            <SubFigure kpi="availability" value={formatPercent(f.availability)} href={hrefs.losses} />
            <SubFigure kpi="performance" value={formatPercent(f.performance)} href={lineHref} />
            <SubFigure kpi="quality" value={formatPercent(f.quality)} href={hrefs.scrap} />
          </div>
        </div>
        <KpiCard kpi="scrapRatio" value={formatPercent(f.scrapRatio, 2)} href={hrefs.scrap} detail={`${formatNumber(c.scrap)} of ${formatNumber(c.produced)} produced`} />
        <KpiCard kpi="reworkRatio" value={formatPercent(f.reworkRatio, 2)} href={hrefs.rework} detail={`${formatNumber(c.rework)} of ${formatNumber(c.produced)} produced`} />
        <KpiCard kpi="mtbf" value={formatSeconds(f.mtbf)} href={hrefs.down} detail={`${formatNumber(c.failures)} DOWN events`} />
        <KpiCard kpi="mttr" value={formatSeconds(f.mttr)} href={hrefs.down} detail={`${formatSeconds(c.downSeconds)} down in all`} />
        <KpiCard kpi="throughput" value={f.throughput === null ? "–" : `${formatNumber(f.throughput, 1)} /h`} href={lineHref} detail={`${formatNumber(c.good)} good`} />
        <KpiCard kpi="ecrCycleTime" value={formatDays(data.ecrCycleTime.meanDays)} href={hrefs.ecrs} detail={`median ${formatDays(data.ecrCycleTime.medianDays)} · ${data.ecrCycleTime.count} ECRs`} />
      </div>
      {scope.isPartFiltered && <p className="mt-2 text-xs text-slate-500">Availability, performance, MTBF and MTTR come from station state time, which belongs to no part: the part filter does not narrow them.</p>}
    </section>
  );
}
