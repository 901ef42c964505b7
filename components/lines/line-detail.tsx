"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/ui/format";

import { AlarmsPanel } from "./alarms-panel";
import { DowntimePanel } from "./downtime-panel";
import { LiveIndicator } from "./live-indicator";
import { Sparkline } from "./sparkline";
import { StateTimeline } from "./state-timeline";
import { StationTile } from "./station-tile";
import { useLiveUpdates } from "./use-live-updates";
import { useNow } from "./use-now";
import { lineWindows } from "./windows";

/** "nutrunner_torque_nm" → "nutrunner torque": the unit is shown with the value. */
function metricLabel(name: string) {
  return name.replace(/_(c|nm|kn|bar|v|a|mm_s|m_min|m3_h|mohm|pct)$/, "").replace(/_/g, " ");
}

export interface LineWindowInput {
  from?: Date;
  to?: Date;
}


export function LineDetail({ lineCode, window, preset, canAcknowledge, canRecordDowntime }: { lineCode: string; window: LineWindowInput; preset: number | null | "custom"; canAcknowledge: boolean; canRecordDowntime: boolean }) {
  const trpc = useTRPC();
  const status = useLiveUpdates(lineCode);
  const { data, dataUpdatedAt } = useSuspenseQuery(trpc.lines.detail.queryOptions({ lineCode, window }, { refetchInterval: 60_000 }));
  const now = useNow(dataUpdatedAt);
  const { timeZone } = data.line;
  const wo = data.workOrder;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <nav aria-label="Window" className="flex gap-1 rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
          {lineWindows.map((p) => (
            <Link
              key={p.label}
              href={p.hours ? `/lines/${lineCode}?hours=${p.hours}` : `/lines/${lineCode}`}
              aria-current={p.hours === preset ? "page" : undefined}
              className={cn("rounded-md px-3 py-1.5 text-sm", p.hours === preset ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100")}
            >
              {p.label}
            </Link>
          ))}
        </nav>
        {wo && (
          <div className="flex min-w-64 flex-1 items-center gap-3 text-sm" aria-label="Current work order">
            <span>
              <span className="font-mono font-medium">{wo.number}</span> · {wo.partNumber} rev {wo.revision}
            </span>
            <div className="h-2 max-w-48 flex-1 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={wo.qty} aria-valuenow={wo.completed} aria-label="Work order progress">
              <div className="h-full bg-sky-600" style={{ width: `${Math.min(100, (wo.completed / wo.qty) * 100)}%` }} />
            </div>
            <span className="tabular-nums text-slate-600">
              {wo.completed} / {wo.qty}
              {wo.scrapped > 0 && `, ${wo.scrapped} scrapped`}
            </span>
          </div>
        )}
        <LiveIndicator status={status} updatedAt={dataUpdatedAt} timeZone={timeZone} className="ml-auto" />
      </div>

      <ul className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6" aria-label="Stations">
        {data.stations.map((s) => (
          <StationTile key={s.id} station={s} now={now} href={`/lines/${lineCode}/stations/${s.code}`}>
            {s.latest.length > 0 && (
              <dl className="mt-2 space-y-1 border-t border-white/30 pt-1.5 text-xs">
                {s.latest.slice(0, 3).map((m) => {
                  const series = s.sparklines.find((p) => p.metric === m.metric);
                  return (
                    <div key={m.metric}>
                      <dt className="truncate opacity-90" title={m.metric}>
                        {metricLabel(m.metric)}
                      </dt>
                      <dd className="flex items-center gap-1.5">
                        {series && <Sparkline values={series.points.map((p) => p.avg)} className="h-4 min-w-0 flex-1" />}
                        <span className="font-semibold whitespace-nowrap tabular-nums">
                          {formatNumber(m.value)} {m.unit}
                        </span>
                      </dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </StationTile>
        ))}
      </ul>

      <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="timeline-heading" className="mb-3 font-semibold">
          State timeline
        </h2>
        <StateTimeline stations={data.stations} intervals={data.timeline} from={data.window.from} to={preset === "custom" ? data.window.to : new Date(Math.max(now, dataUpdatedAt))} timeZone={timeZone} />
      </section>

      <div className="grid gap-5 xl:grid-cols-2">
        <AlarmsPanel alarms={data.alarms} canAcknowledge={canAcknowledge} timeZone={timeZone} />
        <DowntimePanel downtime={data.downtime} reasons={data.downtimeReasons} canRecord={canRecordDowntime} timeZone={timeZone} now={now} />
      </div>
    </div>
  );
}
