"use client";

import { useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { SegmentedNav } from "@/components/ui/segmented-nav";

import { AlarmsPanel } from "./alarms-panel";
import { DowntimePanel } from "./downtime-panel";
import { HoldBanner } from "./hold-banner";
import { LiveIndicator } from "./live-indicator";
import { describeShift } from "./shift-label";
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
        <SegmentedNav label="Window" items={lineWindows.map((p) => ({ href: p.hours ? `/lines/${lineCode}?hours=${p.hours}` : `/lines/${lineCode}`, label: p.label, isCurrent: p.hours === preset }))} />
        {data.shift && (
          <p className="text-sm text-slate-600" data-testid="line-shift">
            {describeShift(data.shift.shift, timeZone)} <span className="text-slate-500">({timeZone})</span>
            {data.shift.shift && (
              <>
                {" "}
                · output <span className="font-semibold tabular-nums">{data.shift.output} / {data.shift.target}</span>
              </>
            )}
          </p>
        )}
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

      <HoldBanner holds={data.holds} timeZone={timeZone} />

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

      <Card title="State timeline">
        <StateTimeline lineCode={lineCode} stations={data.stations} intervals={data.timeline} from={data.window.from} to={preset === "custom" ? data.window.to : new Date(Math.max(now, dataUpdatedAt))} timeZone={timeZone} />
      </Card>

      <AlarmsPanel alarms={data.alarms} canAcknowledge={canAcknowledge} timeZone={timeZone} />
      <DowntimePanel downtime={data.downtime} reasons={data.downtimeReasons} canRecord={canRecordDowntime} timeZone={timeZone} now={now} />
    </div>
  );
}
