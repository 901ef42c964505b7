import { AlertTriangle, RotateCcw, ShieldAlert } from "lucide-react";

import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

import { formatDateTime, formatNumber, formatTime } from "./format";
import { StepSignalsChart } from "./step-signals-chart";

type Record = RouterOutputs["traceability"]["record"];

const resultClasses = { PASS: "bg-green-100 text-green-800", FAIL: "bg-red-100 text-red-800", SCRAP: "bg-slate-800 text-white" } as const;

function limits(m: { lsl: number | null; usl: number | null }) {
  if (m.lsl === null && m.usl === null) return "–";
  if (m.lsl === null) return `≤ ${formatNumber(m.usl)}`;
  if (m.usl === null) return `≥ ${formatNumber(m.lsl)}`;
  return `${formatNumber(m.lsl)} … ${formatNumber(m.usl)}`;
}

/** Every process step in order, each with its measurements and the station's signals during it. */
export function RouteTable({ record }: { record: Record }) {
  const { timeZone } = record;
  if (record.steps.length === 0) return <p className="text-sm text-slate-600">No process steps recorded yet.</p>;
  return (
    <ol className="space-y-3">
      {record.steps.map((step) => (
        <li
          key={step.id}
          id={`step-${step.id}`}
          data-testid="process-step"
          className={cn("scroll-mt-4 rounded-lg border bg-white target:ring-2 target:ring-sky-500", step.isRework ? "border-l-4 border-amber-300 border-l-amber-500 bg-amber-50/40" : "border-slate-200", step.result !== "PASS" && "border-red-300")}
        >
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
            <span className="font-mono font-semibold">{step.operationCode}</span>
            <span className={cn("rounded px-1.5 py-0.5 text-xs font-semibold", resultClasses[step.result])}>{step.result}</span>
            {step.isRework && (
              <span className="inline-flex items-center gap-1 rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
                <RotateCcw className="size-3" aria-hidden="true" />
                Rework · attempt {step.attempt}
              </span>
            )}
            <span title={step.stationName}>
              Station <span className="font-mono">{step.station}</span>
            </span>
            <span>Operator {step.operator ?? "–"}</span>
            <span className="text-slate-600">
              {formatDateTime(step.startedAt, timeZone)} → {formatTime(step.endedAt, timeZone)}
            </span>
            {!step.isRework && <span className="text-slate-500">attempt {step.attempt}</span>}
            {step.holdBreaches.map((b) => (
              <span key={`${b.kind}-${b.ref}`} className="inline-flex items-center gap-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">
                <ShieldAlert className="size-3" aria-hidden="true" />
                {b.kind === "unit" ? "Done while the unit was on hold" : `Used ${b.kind === "lot" ? "lot" : "component"} ${b.ref} while on hold`}
              </span>
            ))}
            {step.workInstruction && (
              <span className="text-slate-600">
                Work instruction {step.workInstruction.documentNumber} rev {step.workInstruction.revision}
              </span>
            )}
          </div>
          {step.measurements.length > 0 && (
            <Table className="border-t border-slate-100" tableClassName="min-w-[28rem]">
                <TableHeader columns={["Characteristic", { label: "Value", align: "right" }, "Limits", "Result"]} />
                <TableBody>
                  {step.measurements.map((m) => (
                    <TableRow key={m.name} className={cn(!m.isPass && "bg-red-50 font-semibold text-red-800")} data-out-of-limit={!m.isPass || undefined}>
                      <TableCell className="font-mono text-xs">{m.name}</TableCell>
                      <TableCell align="right">
                        {formatNumber(m.value)} {m.unit}
                      </TableCell>
                      <TableCell className="tabular-nums">{limits(m)}</TableCell>
                      <TableCell>{m.isPass ? "pass" : "OUT OF LIMIT"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
          )}
          <details className="border-t border-slate-100 px-3 py-2 text-sm">
            <summary className="cursor-pointer text-slate-700">
              Station signals during the step: {step.telemetry.length} metric{step.telemetry.length === 1 ? "" : "s"}, {step.alarms.length} alarm{step.alarms.length === 1 ? "" : "s"}
            </summary>
            <div className="mt-2 space-y-2">
              {step.alarms.length > 0 && (
                <ul className="space-y-1">
                  {step.alarms.map((a) => (
                    <li key={`${a.code}-${a.raisedAt.getTime()}`} className="flex items-center gap-2 text-xs">
                      <AlertTriangle className={cn("size-3.5", a.severity === "critical" ? "text-red-600" : "text-amber-600")} aria-hidden="true" />
                      <span className="font-mono">{a.code}</span> {a.severity} · {a.message} · {formatDateTime(a.raisedAt, timeZone)} → {a.clearedAt ? formatDateTime(a.clearedAt, timeZone) : "still active"}
                    </li>
                  ))}
                </ul>
              )}
              <StepSignalsChart step={step} timeZone={timeZone} />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
