"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { BellRing } from "lucide-react";
import { useEffect, useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { formatPercent, formatTime } from "@/components/ui/format";

import { LiveIndicator } from "./live-indicator";
import { describeShift } from "./shift-label";
import { StationTile } from "./station-tile";
import { useLiveUpdates } from "./use-live-updates";
import { useNow } from "./use-now";

/**
 * The shop-floor board: one line at a time in large type, rotating. It runs
 * for days: it holds no growing state (one query, one subscription, fixed timers).
 */
export function AndonBoard({ areaCode, lineCode, rotateSeconds }: { areaCode?: string; lineCode?: string; rotateSeconds: number }) {
  const trpc = useTRPC();
  const status = useLiveUpdates();
  const { data, dataUpdatedAt } = useSuspenseQuery(trpc.lines.overview.queryOptions(areaCode ? { areaCode } : {}, { refetchInterval: 60_000 }));
  const now = useNow(dataUpdatedAt, 10_000);
  const lines = lineCode ? data.lines.filter((l) => l.code === lineCode) : data.lines;
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (lines.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % lines.length), rotateSeconds * 1000);
    return () => clearInterval(timer);
  }, [lines.length, rotateSeconds]);

  const line = lines[index % Math.max(1, lines.length)];
  if (!line) return <p className="p-12 text-3xl text-slate-300">No line to show.</p>;
  const isBehind = line.output < line.target * 0.9;
  return (
    <div className="flex min-h-screen flex-col gap-6 p-8">
      <header className="flex items-center gap-8">
        <h1 className="text-6xl font-bold tracking-tight">{line.name}</h1>
        <LiveIndicator status={status} updatedAt={dataUpdatedAt} timeZone={line.timeZone} className="text-base" />
        <div className="ml-auto text-right text-3xl tabular-nums text-slate-300">
          {formatTime(new Date(now), line.timeZone)}
          <div className="text-xl">{describeShift(line.shift, line.timeZone)}</div>
        </div>
      </header>
      <dl className="grid grid-cols-3 gap-6">
        <div className="rounded-xl bg-slate-800 p-6">
          <dt className="text-2xl text-slate-400">Output / target</dt>
          <dd className={cn("text-7xl font-bold tabular-nums", isBehind ? "text-red-400" : "text-green-400")}>
            {line.output} <span className="text-5xl text-slate-400">/ {line.target}</span>
          </dd>
        </div>
        <div className="rounded-xl bg-slate-800 p-6">
          <dt className="text-2xl text-slate-400">First-pass yield</dt>
          <dd className="text-7xl font-bold tabular-nums">{formatPercent(line.firstPassYield)}</dd>
        </div>
        <div className="rounded-xl bg-slate-800 p-6">
          <dt className="text-2xl text-slate-400">Active alarms</dt>
          <dd className={cn("flex items-center gap-3 text-7xl font-bold tabular-nums", line.activeAlarms > 0 && "text-red-400")}>
            {line.activeAlarms > 0 && <BellRing className="size-14" aria-hidden="true" />}
            {line.activeAlarms}
          </dd>
        </div>
      </dl>
      <ul className="grid flex-1 auto-rows-fr grid-cols-3 gap-4">
        {line.stations.map((s) => (
          <StationTile key={s.id} station={s} now={now} size="xl" />
        ))}
      </ul>
      {lines.length > 1 && (
        <footer className="flex justify-center gap-3" aria-label="Lines in rotation">
          {lines.map((l, i) => (
            <span key={l.id} className={cn("rounded-full px-4 py-1 text-xl", i === index % lines.length ? "bg-slate-100 text-slate-900" : "bg-slate-800 text-slate-400")}>
              {l.code}
            </span>
          ))}
        </footer>
      )}
    </div>
  );
}
