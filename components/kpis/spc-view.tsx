"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";

import { useTRPC } from "@/components/trpc/client";
import { westernElectricRules } from "@/server/kpis/spc-rules";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatNumber, formatWindow } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { SpcIndividualsChart, SpcMovingRangeChart } from "./spc-chart";
import { useKpiFilter } from "./use-kpi-filter";

const selectClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-600 focus:outline-none";

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

/** Pick a characteristic of the part, then its I-MR chart, capability and rule breaks with links to act on them. */
export function SpcView({ canRaiseEcr, canTrace }: { canRaiseEcr: boolean; canTrace: boolean }) {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const part = input.part ?? "";
  const [, startTransition] = useTransition();
  const [choice, setChoice] = useQueryStates({ op: parseAsString, char: parseAsString }, { startTransition, history: "push" });
  const { data: characteristics } = useSuspenseQuery(trpc.kpis.spcCharacteristics.queryOptions({ part }, { retry: retryUnlessRejected }));
  const selected = characteristics.find((c) => c.operationCode === choice.op && c.name === choice.char) ?? characteristics[0];

  return (
    <div className="space-y-4">
      <div className="max-w-md text-xs font-medium text-slate-600">
        <label htmlFor="spc-characteristic">Characteristic</label>
        <select
          id="spc-characteristic"
          className={selectClass}
          value={selected ? `${selected.operationCode}|${selected.name}` : ""}
          onChange={(e) => {
            const [op, char] = e.target.value.split("|");
            void setChoice({ op: op ?? null, char: char ?? null });
          }}
        >
          {characteristics.map((c) => (
            <option key={`${c.operationCode}|${c.name}`} value={`${c.operationCode}|${c.name}`}>
              {c.operationCode} · {c.name} ({c.unit ?? "–"})
            </option>
          ))}
        </select>
      </div>
      {selected ? (
        <SpcCharacteristic part={part} operation={selected.operationCode} characteristic={selected.name} canRaiseEcr={canRaiseEcr} canTrace={canTrace} />
      ) : (
        <p className="text-sm text-slate-500">{part} has no measured characteristics.</p>
      )}
    </div>
  );
}

function SpcCharacteristic({ part, operation, characteristic, canRaiseEcr, canTrace }: { part: string; operation: string; characteristic: string; canRaiseEcr: boolean; canTrace: boolean }) {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { data } = useSuspenseQuery(trpc.kpis.spcChart.queryOptions({ window: input.window, from: input.from, to: input.to, part, operation, characteristic }, { retry: retryUnlessRejected }));
  const c = data.capability;
  const violations = data.points.filter((p) => p.violations.length > 0);
  const cap = (v: number | null) => formatNumber(v, 2);
  const unit = data.characteristic.unit ? ` ${data.characteristic.unit}` : "";
  const ecrHref = (serial: string, stepId: number) =>
    `/changes/ecrs/new?${new URLSearchParams([
      ["part", part],
      ["evidence", `unit:${serial}`],
      ["evidence", `measurement:${stepId}:${characteristic}`],
      ["title", `${characteristic} at ${operation} out of statistical control`],
    ]).toString()}`;
  return (
    <>
      <ChartCard title={`${operation} · ${characteristic}`} csvHref={kpiHref("/kpis/export", input, { table: "spc", operation, characteristic })}>
        <p className="mb-2 text-xs text-slate-500">
          {data.characteristic.description} · {formatWindow(data.window)} · the latest {data.n} measurements, oldest left
        </p>
        {data.n < 2 ? (
          <p className="py-10 text-center text-sm text-slate-500">Too few measurements in this window for a chart.</p>
        ) : (
          <>
            <SpcIndividualsChart data={data} />
            <h3 className="mt-2 text-xs font-medium text-slate-600">Moving range</h3>
            <SpcMovingRangeChart data={data} />
          </>
        )}
        <dl className="mt-3 grid grid-cols-3 gap-3 border-t border-slate-100 pt-3 text-sm sm:grid-cols-6">
          <Stat label="Samples (n)" value={String(data.n)} />
          <Stat label="Mean" value={`${data.mean.toPrecision(5)}${unit}`} />
          <Stat label="σ within (MR̄/d₂)" value={data.sigma.toPrecision(3)} />
          <Stat label="Cp / Cpk" value={`${cap(c.cp)} / ${cap(c.cpk)}`} />
          <Stat label="Pp / Ppk" value={`${cap(c.pp)} / ${cap(c.ppk)}`} />
          <Stat label="Rule breaks" value={String(violations.length)} />
        </dl>
      </ChartCard>
      <ChartCard title="Western Electric rule violations">
        {violations.length === 0 ? (
          <p className="py-4 text-center text-sm text-slate-500">The process is in statistical control for this window.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-1.5 font-medium">#</th>
                  <th scope="col" className="font-medium">Serial</th>
                  <th scope="col" className="font-medium">At</th>
                  <th scope="col" className="text-right font-medium">Value</th>
                  <th scope="col" className="pl-4 font-medium">Rule</th>
                  <th scope="col" className="font-medium">Act</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {violations.map((p) => (
                  <tr key={p.stepId}>
                    <td className="py-1.5 tabular-nums">{p.index}</td>
                    <td className="font-mono text-xs">{p.serial}</td>
                    <td className="whitespace-nowrap">{formatDateTime(p.at, data.window.timeZone)}</td>
                    <td className="text-right tabular-nums">{p.value}</td>
                    <td className="pl-4 text-xs">{p.violations.map((r) => `${r}: ${westernElectricRules[r]}`).join("; ")}</td>
                    <td className="space-x-3 text-xs whitespace-nowrap">
                      {canTrace && (
                        <Link href={`/traceability/units/${encodeURIComponent(p.serial)}`} className="text-sky-700 hover:underline">
                          Unit record / hold
                        </Link>
                      )}
                      {canRaiseEcr && (
                        <Link href={ecrHref(p.serial, p.stepId)} className="text-sky-700 hover:underline">
                          Raise ECR
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ChartCard>
    </>
  );
}
