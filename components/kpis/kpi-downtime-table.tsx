"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { CircleCheck } from "lucide-react";
import Link from "next/link";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useTransition } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager, usePage } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import { lossStates } from "@/server/kpis/constants";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatSeconds, formatWindow } from "./format";
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
  return (
    <ChartCard title={`${state === "DOWN" ? "DOWN intervals" : "Availability losses"} · ${data.scopeLabel}`} csvHref={kpiHref("/kpis/export", input, { table: "downtime", state: state ?? undefined })}>
      <p className="mb-2 text-xs text-slate-500">{formatWindow(data.window)}. Durations count the part of each interval inside the window.</p>
      <div role="group" aria-label="States" className="mb-3 flex flex-wrap gap-1.5">
        <Button size="xs" variant={state === null ? "primary" : "secondary"} aria-pressed={state === null} onClick={() => void Promise.all([setState(null), setPage(null)])}>
          All losses
        </Button>
        {lossStates.map((s) => (
          <Button key={s} size="xs" variant={state === s ? "primary" : "secondary"} aria-pressed={state === s} onClick={() => void Promise.all([setState(s), setPage(null)])}>
            {s}
          </Button>
        ))}
      </div>
      <Table caption="State intervals">
        <TableHeader columns={["Station", "State", "From", "To", { label: "In window", align: "right" }, "Reason"]} />
        <TableBody>
          {data.rows.map((r) => (
            <TableRow key={r.id}>
              <TableCell>
                <Link href={`/lines/${encodeURIComponent(r.lineCode)}/stations/${encodeURIComponent(r.stationCode)}`} className="font-mono text-xs text-sky-700 hover:underline">
                  {r.stationCode}
                </Link>{" "}
                <span className="text-slate-500">{r.stationName}</span>
              </TableCell>
              <TableCell>
                <span className="inline-flex items-center gap-1.5">
                  <span className={cn("size-2 rounded-full", stateColors[r.state] ?? "bg-slate-400")} aria-hidden="true" />
                  {r.state}
                </span>
              </TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(r.startedAt, tz)}</TableCell>
              <TableCell className="whitespace-nowrap">{r.endedAt ? formatDateTime(r.endedAt, tz) : "ongoing"}</TableCell>
              <TableCell align="right">{formatSeconds(r.seconds)}</TableCell>
              <TableCell>{r.reason ? <span className={r.isClassified ? "" : "text-slate-500"}>{r.reason}</span> : <span className="text-slate-400">–</span>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.rows.length === 0 && <EmptyState icon={CircleCheck} title="No intervals in this window">{state ? `No station was ${state} in this window.` : "Every station ran through the whole window."}</EmptyState>}
      <Pager className="mt-3" page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => void setPage(p)} />
    </ChartCard>
  );
}
