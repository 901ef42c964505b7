"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { BellRing, Factory, Tv } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatPercent } from "@/components/ui/format";
import { SegmentedNav } from "@/components/ui/segmented-nav";

import { LiveIndicator } from "./live-indicator";
import { describeShift } from "./shift-label";
import { StationTile } from "./station-tile";
import { useLiveUpdates } from "./use-live-updates";
import { useNow } from "./use-now";

export function LinesOverview({ areaCode }: { areaCode?: string }) {
  const trpc = useTRPC();
  const status = useLiveUpdates();
  const { data: areas } = useSuspenseQuery(trpc.lines.areas.queryOptions());
  // A slow refetch is the safety net should the event stream stay silent.
  const { data, dataUpdatedAt } = useSuspenseQuery(trpc.lines.overview.queryOptions(areaCode ? { areaCode } : {}, { refetchInterval: 60_000 }));
  const now = useNow(dataUpdatedAt);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <SegmentedNav label="Areas" items={[{ code: undefined, name: "All areas" }, ...areas].map((a) => ({ href: a.code ? `/lines?area=${a.code}` : "/lines", label: a.name, isCurrent: a.code === areaCode }))} />
        <div className="ml-auto flex items-center gap-3">
          <LiveIndicator status={status} updatedAt={dataUpdatedAt} timeZone={data.timeZone} />
          <Link href={`/tv${areaCode ? `?area=${areaCode}` : ""}`} className={buttonVariants({ variant: "secondary", size: "sm" })}>
            <Tv className="size-4" aria-hidden="true" /> TV mode
          </Link>
        </div>
      </div>

      {data.lines.length === 0 && (
        // A plant's first start (README, "An empty start") until an administrator has added its lines.
        <EmptyState icon={Factory} title={areaCode ? "No lines in this area" : "No lines yet"} className="rounded-lg border border-slate-200 bg-white shadow-sm">
          An administrator adds sites, areas, lines and stations under Admin &gt; Equipment; each station shows here with its state as soon as it reports over MQTT.
        </EmptyState>
      )}
      {data.lines.map((line) => {
        const isBehind = line.output < line.target * 0.9;
        return (
          <section key={line.id} aria-labelledby={`line-${line.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="mb-3 flex flex-wrap items-baseline gap-x-6 gap-y-1">
              <h2 id={`line-${line.id}`} className="font-semibold">
                <Link href={`/lines/${line.code}`} className="hover:underline">
                  {line.name}
                </Link>{" "}
                <span className="text-sm font-normal text-slate-500">{line.area.name}</span>
              </h2>
              <p className="text-sm text-slate-600" data-testid={`shift-${line.code}`} title={`Times in ${line.timeZone}`}>
                {describeShift(line.shift, line.timeZone)} <span className="text-slate-500">({line.timeZone})</span>
              </p>
              <dl className="ml-auto flex flex-wrap gap-x-6 gap-y-1 text-sm">
                <div className="flex gap-1.5">
                  <dt className="text-slate-500">Output</dt>
                  <dd className={cn("font-semibold tabular-nums", isBehind ? "text-red-700" : "text-green-700")} data-testid={`output-${line.code}`}>
                    {line.output} / {line.target}
                  </dd>
                </div>
                <div className="flex gap-1.5">
                  <dt className="text-slate-500">First-pass yield</dt>
                  <dd className="font-semibold tabular-nums">{formatPercent(line.firstPassYield)}</dd>
                </div>
                <div className="flex items-center gap-1.5">
                  <dt className="text-slate-500">Active alarms</dt>
                  <dd className={cn("flex items-center gap-1 font-semibold tabular-nums", line.activeAlarms > 0 && "text-red-700")}>
                    {line.activeAlarms > 0 && <BellRing className="size-3.5" aria-hidden="true" />}
                    {line.activeAlarms}
                  </dd>
                </div>
              </dl>
            </div>
            <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
              {line.stations.map((s) => (
                <StationTile key={s.id} station={s} now={now} href={`/lines/${line.code}/stations/${s.code}`} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
