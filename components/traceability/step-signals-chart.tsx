"use client";

import { Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { RouterOutputs } from "@/server/api/root";

import { formatDateTime, formatNumber, formatTime } from "./format";

type Step = RouterOutputs["traceability"]["record"]["steps"][number];

const colours = ["#0369a1", "#b45309", "#7c3aed", "#15803d"];

/** The station's telemetry around one step; the shaded band is the step itself. */
export function StepSignalsChart({ step, timeZone }: { step: Step; timeZone: string }) {
  if (step.telemetry.length === 0) return <p className="text-xs text-slate-500">No telemetry from {step.station} during this step.</p>;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {step.telemetry.map((series, i) => (
        <figure key={series.metric} aria-label={`${series.metric} during ${step.operationCode}`} className="rounded border border-slate-200 bg-white p-2">
          <figcaption className="mb-1 flex justify-between text-xs">
            <span className="font-medium">{series.metric}</span>
            <span className="text-slate-500">
              {series.points.length} samples{series.unit ? ` · ${series.unit}` : ""}
            </span>
          </figcaption>
          <div className="h-28">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={series.points.map((p) => ({ t: p.ts.getTime(), v: p.value }))} margin={{ top: 4, right: 6, bottom: 0, left: 0 }}>
                <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatTime(new Date(t), timeZone)} tick={{ fontSize: 10 }} minTickGap={30} />
                <YAxis domain={["auto", "auto"]} width={40} tick={{ fontSize: 10 }} tickFormatter={(v: number) => formatNumber(v)} />
                <ReferenceArea x1={step.startedAt.getTime()} x2={step.endedAt.getTime()} fill="#38bdf8" fillOpacity={0.15} />
                <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)), timeZone)} formatter={(v) => [formatNumber(Number(v)), series.metric]} />
                <Line dataKey="v" stroke={colours[i % colours.length]} dot={series.points.length < 12} strokeWidth={1.5} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </div>
  );
}
