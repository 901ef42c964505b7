"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { FileClock } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager, usePagedRows } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

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
  const { rows, pager } = usePagedRows(data.items, 25);
  return (
    <ChartCard title="ECR cycle times" info={<KpiInfo kpi="ecrCycleTime" />} csvHref={kpiHref("/kpis/export", input, { table: "ecrs" })}>
      <p className="mb-2 text-xs text-slate-500">{formatWindow(data.window)}</p>
      <p className="mb-2 text-sm text-slate-600">
        {data.count} ECRs · mean {formatDays(data.meanDays)} · median {formatDays(data.medianDays)}
      </p>
      <Table caption="ECR cycle times">
        <TableHeader columns={["ECR", "Title", "Submitted", "ECO released", { label: "Cycle time", align: "right" }]} />
        <TableBody>
          {rows.map((i) => (
            <TableRow key={i.ecrNumber}>
              <TableCell className="font-mono text-xs">
                <Link href={`/changes/ecrs/${encodeURIComponent(i.ecrNumber)}`} className="text-sky-700 hover:underline">
                  {i.ecrNumber}
                </Link>
              </TableCell>
              <TableCell>{i.title}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(i.submittedAt, timeZone)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {formatDateTime(i.releasedAt, timeZone)} <span className="font-mono text-xs text-slate-500">{i.ecoNumber}</span>
              </TableCell>
              <TableCell align="right">{formatDays(i.days)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.items.length === 0 && <EmptyState icon={FileClock} title="No change was released in this window">Cycle time counts from an ECR's submission to the release of its ECO.</EmptyState>}
      <Pager className="mt-3" {...pager} />
    </ChartCard>
  );
}
