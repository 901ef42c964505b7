"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { BellRing } from "lucide-react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";

import { formatDuration, stateStyles, type DisplayState } from "./station-state";

export function LinesOverview() {
  const trpc = useTRPC();
  const { data: lines, dataUpdatedAt } = useSuspenseQuery(trpc.lines.overview.queryOptions({}, { refetchInterval: 15_000 }));
  return (
    <div className="space-y-4">
      {lines.map((line) => (
        <section key={line.id} aria-labelledby={`line-${line.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="mb-3 flex items-baseline justify-between gap-2">
            <h2 id={`line-${line.id}`} className="font-semibold">
              {line.name} <span className="text-sm font-normal text-slate-500">{line.area.name}</span>
            </h2>
          </div>
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
            {line.stations.map((s) => {
              const state = (s.state ?? "NO_SIGNAL") as DisplayState;
              const style = stateStyles[state];
              return (
                <li key={s.id} aria-label={`${s.code} ${style.label}`} className={cn("rounded-md p-3 shadow-sm", style.tile)}>
                  <div className="flex items-center justify-between text-xs font-medium opacity-90">
                    <span className="font-mono">{s.code}</span>
                    {s.activeAlarms > 0 && (
                      <span className="flex items-center gap-0.5" title={`${s.activeAlarms} active alarm(s)`}>
                        <BellRing className="size-3.5" aria-hidden="true" />
                        {s.activeAlarms}
                      </span>
                    )}
                  </div>
                  <div className="truncate text-sm font-semibold">{s.name}</div>
                  <div className="mt-1 text-xs">
                    {style.label}
                    {s.since && ` · ${formatDuration(dataUpdatedAt - s.since.getTime())}`}
                  </div>
                  {s.reason && <div className="truncate text-xs opacity-90">{s.reason}</div>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
