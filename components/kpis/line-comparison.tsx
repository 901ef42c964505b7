"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { useTRPC } from "@/components/trpc/client";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

import { ChartCard, seriesColors } from "./chart-card";
import { kpiDefinitions } from "./definitions";
import { formatNumber, formatPercent, formatSeconds } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

const bars = ["firstPassYield", "oee", "availability", "quality"] as const;

export function LineComparison() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.lines.queryOptions(input, { retry: retryUnlessRejected }));
  const forLine = (code: string) => ({ ...input, line: code, station: undefined });
  return (
    <ChartCard title="Lines compared" csvHref={kpiHref("/kpis/export", input, { table: "lines" })}>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 5, right: 5, bottom: 0, left: -10 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="code" tick={{ fontSize: 12 }} />
              <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(value) => formatPercent(typeof value === "number" ? value : null)} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {bars.map((key) => (
                <Bar key={key} dataKey={key} name={kpiDefinitions[key].name} fill={seriesColors[key]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table caption="KPIs per line" tableClassName="whitespace-nowrap">
          <TableHeader columns={["Line", { label: "FPY", align: "right" }, { label: "RTY", align: "right" }, { label: "OEE", align: "right" }, { label: "Scrap", align: "right" }, { label: "MTTR", align: "right" }, { label: "Good/h", align: "right" }]} />
          <TableBody>
            {data.map((l) => (
              <TableRow key={l.code}>
                <TableHead scope="row">
                  <Link href={kpiHref("/kpis", forLine(l.code))} className="hover:text-sky-700 hover:underline">
                    {l.code}
                  </Link>
                </TableHead>
                <TableCell align="right">
                  <Link href={kpiHref("/kpis/units/first-pass-failures", forLine(l.code))} className="hover:text-sky-700 hover:underline" aria-label={`${l.code} first-pass yield ${formatPercent(l.firstPassYield)}`}>
                    {formatPercent(l.firstPassYield)}
                  </Link>
                </TableCell>
                <TableCell align="right">{formatPercent(l.rolledThroughputYield)}</TableCell>
                <TableCell align="right">
                  <Link href={kpiHref("/kpis/downtime", forLine(l.code))} className="hover:text-sky-700 hover:underline">
                    {formatPercent(l.oee)}
                  </Link>
                </TableCell>
                <TableCell align="right">
                  <Link href={kpiHref("/kpis/units/scrap", forLine(l.code))} className="hover:text-sky-700 hover:underline">
                    {formatPercent(l.scrapRatio, 2)}
                  </Link>
                </TableCell>
                <TableCell align="right">
                  <Link href={kpiHref("/kpis/downtime", forLine(l.code), { state: "DOWN" })} className="hover:text-sky-700 hover:underline">
                    {formatSeconds(l.mttr)}
                  </Link>
                </TableCell>
                <TableCell align="right">{formatNumber(l.throughput, 1)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </ChartCard>
  );
}
