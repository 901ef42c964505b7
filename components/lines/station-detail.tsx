"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";

import { useTRPC } from "@/components/trpc/client";
import { formatDateTime } from "@/components/ui/format";
import { EmptyState } from "@/components/ui/empty-state";
import { SegmentedNav } from "@/components/ui/segmented-nav";

import { HoldBanner } from "./hold-banner";
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
        <SegmentedNav label="Window" items={stationWindows.map((w) => ({ href: `${base}?hours=${w.hours}`, label: w.label, isCurrent: w.hours === hours }))} />
        <span className="text-sm text-slate-600">
          {data.bucketSeconds > 1 ? `one point per ${data.bucketSeconds >= 60 ? `${Math.round(data.bucketSeconds / 60)} min` : `${data.bucketSeconds} s`} (min, average, max)` : "raw samples"}
        </span>
        <LiveIndicator status={status} updatedAt={dataUpdatedAt} timeZone={data.line.timeZone} className="ml-auto" />
      </div>
      <HoldBanner holds={data.holds} timeZone={data.line.timeZone} />
      {data.status && (
        <ul className="max-w-xs">
          <StationTile station={data.status} now={now} />
        </ul>
      )}
      {data.series.length === 0 ? (
        <EmptyState icon={Activity} title="No telemetry from this station in the window" className="rounded-lg border border-dashed border-slate-300 bg-white">
          The station has sent no signals since {formatDateTime(data.window.from, data.line.timeZone)}. Try a longer window.
        </EmptyState>
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
