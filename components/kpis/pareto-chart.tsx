"use client";

import { CircleCheck } from "lucide-react";
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { EmptyState } from "@/components/ui/empty-state";

import { ChartCard, seriesColors } from "./chart-card";

export interface ParetoRow {
  label: string;
  value: number;
  cumulativeShare: number;
}

/** Bars largest first with the cumulative share as a line: where most of the loss sits. */
const shorten = (label: string) => (label.length > 16 ? `${label.slice(0, 15)}…` : label);

export function ParetoChart({ title, rows, valueName, formatValue, formatTick = formatValue, csvHref, emptyText, className }: { title: string; rows: ParetoRow[]; valueName: string; formatValue: (v: number) => string; formatTick?: (v: number) => string; csvHref: string; emptyText: string; className?: string }) {
  return (
    <ChartCard title={title} csvHref={csvHref} className={className}>
      {rows.length === 0 ? (
        <EmptyState icon={CircleCheck} title={emptyText} />
      ) : (
        <div className="h-60">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} margin={{ top: 5, right: 0, bottom: 0, left: 16 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 10 }} tickFormatter={shorten} interval={0} angle={-30} textAnchor="end" height={64} />
              <YAxis yAxisId="value" tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatTick(v)} width={40} />
              <YAxis yAxisId="share" orientation="right" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} width={40} />
              <Tooltip formatter={(value, name) => (name === "Cumulative" && typeof value === "number" ? `${Math.round(value * 100)} %` : typeof value === "number" ? formatValue(value) : String(value))} />
              <Bar yAxisId="value" dataKey="value" name={valueName} fill={seriesColors.bar} isAnimationActive={false} />
              <Line yAxisId="share" dataKey="cumulativeShare" name="Cumulative" stroke={seriesColors.cumulative} strokeWidth={2} dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </ChartCard>
  );
}
