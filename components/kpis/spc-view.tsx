"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { ChartLine, CircleCheck, Ruler } from "lucide-react";
import Link from "next/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";

import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import { westernElectricRules } from "@/server/kpis/spc-rules";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatNumber, formatWindow } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { SpcIndividualsChart, SpcMovingRangeChart } from "./spc-chart";
import { useKpiFilter } from "./use-kpi-filter";

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
      <Field label="Characteristic" className="max-w-md">
        <Select
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
        </Select>
      </Field>
      {selected ? (
        <SpcCharacteristic part={part} operation={selected.operationCode} characteristic={selected.name} canRaiseEcr={canRaiseEcr} canTrace={canTrace} />
      ) : (
        <EmptyState icon={Ruler} title={`${part} has no measured characteristics`}>Pick another part in the filter above: SPC charts the measurements its operations record.</EmptyState>
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
          <EmptyState icon={ChartLine} title="Too few measurements in this window for a chart">A chart needs at least two measurements; widen the window.</EmptyState>
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
          <EmptyState icon={CircleCheck} title="No rule breaks">The process is in statistical control for this window.</EmptyState>
        ) : (
          <Table caption="Rule violations">
            <TableHeader columns={["#", "Serial", "At", { label: "Value", align: "right" }, "Rule", "Act"]} />
            <TableBody>
              {violations.map((p) => (
                <TableRow key={p.stepId}>
                  <TableCell className="tabular-nums">{p.index}</TableCell>
                  <TableCell className="font-mono text-xs">{p.serial}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(p.at, data.window.timeZone)}</TableCell>
                  <TableCell align="right">{p.value}</TableCell>
                  <TableCell className="text-xs">{p.violations.map((r) => `${r}: ${westernElectricRules[r]}`).join("; ")}</TableCell>
                  <TableCell className="space-x-3 text-xs whitespace-nowrap">
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
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </ChartCard>
    </>
  );
}
