"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useTransition } from "react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { lossStates } from "@/server/kpis/constants";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatSeconds, formatWindow } from "./format";
import { Pager, usePage } from "./pager";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

const stateColors: Record<string, string> = {
  DOWN: "bg-state-down",
  IDLE: "bg-state-idle",
  BLOCKED: "bg-state-blocked",
  STARVED: "bg-state-starved",
  SETUP: "bg-state-setup",
};

/** State intervals behind availability (all losses) or MTBF/MTTR (DOWN only). */
export function KpiDowntimeTable() {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { page, setPage } = usePage();
  const [, startTransition] = useTransition();
  const [state, setState] = useQueryState("state", parseAsStringLiteral(lossStates).withOptions({ startTransition, history: "push" }));
  const { data } = useSuspenseQuery(trpc.kpis.downtime.queryOptions({ ...input, states: state ? [state] : [...lossStates], page }, { retry: retryUnlessRejected }));
  const tz = data.window.timeZone;
  const chip = (isActive: boolean) => cn("rounded-full border px-2.5 py-0.5 text-xs", isActive ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-50");
  return (
    <ChartCard title={`${state === "DOWN" ? "DOWN intervals" : "Availability losses"} · ${data.scopeLabel}`} csvHref={kpiHref("/kpis/export", input, { table: "downtime", state: state ?? undefined })}>
      <p className="mb-2 text-xs text-slate-500">{formatWindow(data.window)}. Durations count the part of each interval inside the window.</p>
      <div role="group" aria-label="States" className="mb-3 flex flex-wrap gap-1.5">
        <button type="button" className={chip(state === null)} aria-pressed={state === null} onClick={() => void Promise.all([setState(null), setPage(null)])}>
          All losses
        </button>
        {lossStates.map((s) => (
          <button key={s} type="button" className={chip(state === s)} aria-pressed={state === s} onClick={() => void Promise.all([setState(s), setPage(null)])}>
            {s}
          </button>
        ))}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1.5 font-medium">Station</th>
              <th scope="col" className="font-medium">State</th>
              <th scope="col" className="font-medium">From</th>
              <th scope="col" className="font-medium">To</th>
              <th scope="col" className="text-right font-medium">In window</th>
              <th scope="col" className="pl-4 font-medium">Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td className="py-1.5">
                  <Link href={`/lines/${encodeURIComponent(r.lineCode)}/stations/${encodeURIComponent(r.stationCode)}`} className="font-mono text-xs text-sky-700 hover:underline">
                    {r.stationCode}
                  </Link>{" "}
                  <span className="text-slate-500">{r.stationName}</span>
                </td>
                <td>
                  <span className="inline-flex items-center gap-1.5">
                    <span className={cn("size-2 rounded-full", stateColors[r.state] ?? "bg-slate-400")} aria-hidden="true" />
                    {r.state}
                  </span>
                </td>
                <td className="whitespace-nowrap">{formatDateTime(r.startedAt, tz)}</td>
                <td className="whitespace-nowrap">{r.endedAt ? formatDateTime(r.endedAt, tz) : "ongoing"}</td>
                <td className="text-right tabular-nums">{formatSeconds(r.seconds)}</td>
                <td className="pl-4">{r.reason ? <span className={r.isClassified ? "" : "text-slate-500"}>{r.reason}</span> : <span className="text-slate-400">–</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.rows.length === 0 && <p className="py-6 text-center text-sm text-slate-500">No intervals in this window.</p>}
      </div>
      <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => void setPage(p)} />
    </ChartCard>
  );
}
