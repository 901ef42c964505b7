"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";

import { LiveIndicator } from "./live-indicator";
import { StationTile } from "./station-tile";
import { TelemetryChart } from "./telemetry-chart";
import { useLiveUpdates } from "./use-live-updates";
import { useNow } from "./use-now";
import { stationWindows } from "./windows";


export function StationDetail({ lineCode, stationCode, hours, window }: { lineCode: string; stationCode: string; hours: number; window: { from?: Date; to?: Date } }) {
  const trpc = useTRPC();
  const status = useLiveUpdates(lineCode);
  const { data, dataUpdatedAt } = useSuspenseQuery(trpc.lines.station.queryOptions({ lineCode, stationCode, window }, { refetchInterval: 60_000 }));
  const now = useNow(dataUpdatedAt);
  const base = `/lines/${lineCode}/stations/${stationCode}`;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <nav aria-label="Window" className="flex gap-1 rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
          {stationWindows.map((w) => (
            <Link key={w.hours} href={`${base}?hours=${w.hours}`} aria-current={w.hours === hours ? "page" : undefined} className={cn("rounded-md px-3 py-1.5 text-sm", w.hours === hours ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100")}>
              {w.label}
            </Link>
          ))}
        </nav>
        <span className="text-sm text-slate-600">
          {data.bucketSeconds > 1 ? `one point per ${data.bucketSeconds >= 60 ? `${Math.round(data.bucketSeconds / 60)} min` : `${data.bucketSeconds} s`} (min, average, max)` : "raw samples"}
        </span>
        <LiveIndicator status={status} updatedAt={dataUpdatedAt} timeZone={data.line.timeZone} className="ml-auto" />
      </div>
      {data.status && (
        <ul className="max-w-xs">
          <StationTile station={data.status} now={now} />
        </ul>
      )}
      {data.series.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No telemetry from this station in the window.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {data.series.map((s) => (
            <TelemetryChart key={s.metricId} series={s} bucketSeconds={data.bucketSeconds} timeZone={data.line.timeZone} isLong={hours > 24} />
          ))}
        </div>
      )}
    </div>
  );
}
