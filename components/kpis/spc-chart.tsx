"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { RouterOutputs } from "@/server/api/root";

import { formatDateTime } from "./format";

type SpcChartData = RouterOutputs["kpis"]["spcChart"];
type Point = SpcChartData["points"][number];

function ViolationDot(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  const isViolation = payload.violations.length > 0;
  return <circle cx={cx} cy={cy} r={isViolation ? 4.5 : 2.5} fill={isViolation ? "#dc2626" : payload.isPass ? "#0f172a" : "#f97316"} stroke="white" strokeWidth={isViolation ? 1 : 0} />;
}

const digits = (v: number) => (Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 3 : 4);
const fmt = (v: number) => v.toFixed(digits(v));

interface Limit {
  name: string;
  value: number;
  color: string;
  isDashed?: boolean;
}

// Plot height of the h-72 individuals chart without the axis (px), and the least gap between two labels.
const plotHeight = 248;
const labelGap = 15;

/**
 * How far (px, down) each limit's label must move so that no two overlap: a control limit and a
 * specification limit often lie a few pixels apart (UCL just under USL). Labels are pushed apart from the top down.
 */
export function labelOffsets(limits: { value: number }[], domain: [number, number]) {
  const pxPerUnit = plotHeight / (domain[1] - domain[0] || 1);
  const order = limits.map((l, i) => ({ i, y: (domain[1] - l.value) * pxPerUnit })).sort((a, b) => a.y - b.y);
  const offsets = new Array<number>(limits.length).fill(0);
  let previous = -Infinity;
  for (const { i, y } of order) {
    const placed = Math.max(y, previous + labelGap);
    offsets[i] = placed - y;
    previous = placed;
  }
  return offsets;
}

function LimitLabel({ viewBox, text, color, dy }: { viewBox?: { x?: number; y?: number; width?: number }; text: string; color: string; dy: number }) {
  if (viewBox?.x === undefined || viewBox.y === undefined) return null;
  return (
    <text x={viewBox.x + (viewBox.width ?? 0) + 4} y={viewBox.y + dy} dy="0.35em" fontSize={11} fill={color}>
      {text}
    </text>
  );
}

function limitLines(limits: Limit[], domain: [number, number]) {
  const offsets = labelOffsets(limits, domain);
  return limits.map((l, i) => <ReferenceLine key={l.name} y={l.value} stroke={l.color} strokeDasharray={l.isDashed ? "5 3" : undefined} label={<LimitLabel text={`${l.name} ${fmt(l.value)}`} color={l.color} dy={offsets[i] ?? 0} />} />);
}

/** Individuals chart with centre line, control limits (from the data) and specification limits; rule breaks in red. */
export function SpcIndividualsChart({ data }: { data: SpcChartData }) {
  const values = data.points.map((p) => p.value);
  const bounds = [...values, data.ucl, data.lcl, ...(data.spec.lsl !== null ? [data.spec.lsl] : []), ...(data.spec.usl !== null ? [data.spec.usl] : [])];
  const span = Math.max(...bounds) - Math.min(...bounds) || 1;
  const domain: [number, number] = [Math.min(...bounds) - span * 0.05, Math.max(...bounds) + span * 0.05];
  const tz = data.window.timeZone;
  return (
    <div className="h-72" data-testid="spc-individuals-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data.points} margin={{ top: 10, right: 70, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="index" tick={{ fontSize: 11 }} />
          <YAxis domain={domain} tick={{ fontSize: 11 }} tickFormatter={fmt} width={64} />
          <Tooltip
            labelFormatter={(_, payload) => {
              const p = payload[0]?.payload as Point | undefined;
              return p ? `#${p.index} · ${p.serial} · ${formatDateTime(p.at, tz)}` : "";
            }}
            formatter={(value) => (typeof value === "number" ? fmt(value) : String(value))}
          />
          {limitLines(
            [
              { name: "CL", value: data.mean, color: "#16a34a" },
              { name: "UCL", value: data.ucl, color: "#dc2626", isDashed: true },
              { name: "LCL", value: data.lcl, color: "#dc2626", isDashed: true },
              ...(data.spec.usl !== null ? [{ name: "USL", value: data.spec.usl, color: "#7c3aed" }] : []),
              ...(data.spec.lsl !== null ? [{ name: "LSL", value: data.spec.lsl, color: "#7c3aed" }] : []),
            ],
            domain,
          )}
          <Line dataKey="value" name={data.characteristic.name} stroke="#64748b" strokeWidth={1} dot={<ViolationDot />} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function SpcMovingRangeChart({ data }: { data: SpcChartData }) {
  return (
    <div className="h-40">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data.points} margin={{ top: 10, right: 70, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="index" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={fmt} width={64} domain={[0, (max: number) => Math.max(max, data.mrUcl) * 1.05]} />
          <Tooltip formatter={(value) => (typeof value === "number" ? fmt(value) : String(value))} />
          <ReferenceLine y={data.mrBar} stroke="#16a34a" label={{ value: `MR̄ ${fmt(data.mrBar)}`, position: "right", fontSize: 11, fill: "#16a34a" }} />
          <ReferenceLine y={data.mrUcl} stroke="#dc2626" strokeDasharray="5 3" label={{ value: `UCL ${fmt(data.mrUcl)}`, position: "right", fontSize: 11, fill: "#dc2626" }} />
          <Line dataKey="movingRange" name="Moving range" stroke="#64748b" strokeWidth={1} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
