"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";

import { ChartCard } from "./chart-card";
import { KpiInfo } from "./kpi-cards";
import { formatDateTime, formatDays, formatWindow } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

export function KpiEcrTable() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.ecrCycleTimes.queryOptions(input, { retry: retryUnlessRejected }));
  const timeZone = data.window.timeZone;
  return (
    <ChartCard title="ECR cycle times" info={<KpiInfo kpi="ecrCycleTime" />} csvHref={kpiHref("/kpis/export", input, { table: "ecrs" })}>
      <p className="mb-2 text-xs text-slate-500">{formatWindow(data.window)}</p>
      <p className="mb-2 text-sm text-slate-600">
        {data.count} ECRs · mean {formatDays(data.meanDays)} · median {formatDays(data.medianDays)}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1.5 font-medium">ECR</th>
              <th scope="col" className="font-medium">Title</th>
              <th scope="col" className="font-medium">Submitted</th>
              <th scope="col" className="font-medium">ECO released</th>
              <th scope="col" className="text-right font-medium">Cycle time</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.items.map((i) => (
              <tr key={i.ecrNumber}>
                <td className="py-1.5 font-mono text-xs">
                  <Link href={`/changes/ecrs/${encodeURIComponent(i.ecrNumber)}`} className="text-sky-700 hover:underline">
                    {i.ecrNumber}
                  </Link>
                </td>
                <td>{i.title}</td>
                <td className="whitespace-nowrap">{formatDateTime(i.submittedAt, timeZone)}</td>
                <td className="whitespace-nowrap">
                  {formatDateTime(i.releasedAt, timeZone)} <span className="font-mono text-xs text-slate-500">{i.ecoNumber}</span>
                </td>
                <td className="text-right tabular-nums">{formatDays(i.days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.items.length === 0 && <p className="py-6 text-center text-sm text-slate-500">No change was released in this window.</p>}
      </div>
    </ChartCard>
  );
}
