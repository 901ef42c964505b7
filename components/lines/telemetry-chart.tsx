"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatDateTime, formatNumber, formatTime } from "@/components/ui/format";
import type { RouterOutputs } from "@/server/api/root";

type Series = RouterOutputs["lines"]["station"]["series"][number];

/** One metric: the min–max band of each bucket with its average as a line. */
export function TelemetryChart({ series, bucketSeconds, timeZone, isLong }: { series: Series; bucketSeconds: number; timeZone: string; isLong: boolean }) {
  // A silence longer than two buckets is drawn as a gap, not bridged by a straight line.
  const data: { t: number; band: [number, number] | null; avg: number | null }[] = [];
  for (const p of series.points) {
    const previous = data.at(-1);
    if (previous && p.t.getTime() - previous.t > 2 * bucketSeconds * 1000) data.push({ t: previous.t + bucketSeconds * 1000, band: null, avg: null });
    data.push({ t: p.t.getTime(), band: [p.min, p.max], avg: p.avg });
  }
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4" aria-label={`${series.metric} chart`}>
      <figcaption className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-semibold">{series.metric}</span>
        <span className="text-xs text-slate-500">
          {series.points.length} points{series.unit ? ` · ${series.unit}` : ""}
        </span>
      </figcaption>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => (isLong ? formatDateTime(new Date(t), timeZone) : formatTime(new Date(t), timeZone))} tick={{ fontSize: 11 }} minTickGap={40} />
            <YAxis domain={["auto", "auto"]} tick={{ fontSize: 11 }} width={48} tickFormatter={(v: number) => formatNumber(v)} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(new Date(Number(t)), timeZone)}
              formatter={(value, name) => [Array.isArray(value) ? value.map((v) => formatNumber(Number(v))).join(" – ") : formatNumber(Number(value)), name === "band" ? "min – max" : "average"]}
            />
            <Area dataKey="band" stroke="none" fill="#0284c7" fillOpacity={0.15} isAnimationActive={false} />
            <Line dataKey="avg" stroke="#0369a1" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
