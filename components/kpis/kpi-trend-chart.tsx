"use client";

import { Factory } from "lucide-react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";

import { ChartCard, seriesColors } from "./chart-card";
import { kpiDefinitions } from "./definitions";
import { formatBucket, formatPercent } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

const series = ["firstPassYield", "oee", "availability", "quality"] as const;

export function KpiTrendChart() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.trend.queryOptions(input, { retry: retryUnlessRejected }));
  const points = data.points.map((p) => ({ ...p, label: formatBucket(p.at, data.bucket, data.timeZone) }));
  return (
    <ChartCard title={`Trend per ${data.bucket === "hour" ? "hour" : "day"}`} csvHref={kpiHref("/kpis/export", input, { table: "trend" })}>
      {points.length === 0 ? (
        <EmptyState icon={Factory} title="No production in this window">Widen the window or pick another line.</EmptyState>
      ) : (
        <div className="h-64">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(value) => formatPercent(typeof value === "number" ? value : null)} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((key) => (
                <Line key={key} type="monotone" dataKey={key} name={kpiDefinitions[key].name} stroke={seriesColors[key]} strokeWidth={2} dot={points.length < 40} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </ChartCard>
  );
}
