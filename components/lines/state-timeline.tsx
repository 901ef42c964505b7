import { formatDateTime, formatTime } from "@/components/ui/format";

import { formatDuration, stateStyles, type DisplayState } from "./station-state";

interface Interval {
  id: number;
  stationId: number;
  state: DisplayState;
  startedAt: Date;
  endedAt: Date | null;
  downtimeReason: string | null;
  reportedReason: string | null;
}

/** One lane per station across the window; each state interval a coloured bar. */
export function StateTimeline({ stations, intervals, from, to, timeZone }: { stations: { id: number; code: string }[]; intervals: Interval[]; from: Date; to: Date; timeZone: string }) {
  const start = from.getTime();
  const span = Math.max(1, to.getTime() - start);
  const ticks = Array.from({ length: 5 }, (_, i) => new Date(start + (span * i) / 4));
  const isLong = span > 24 * 3600_000;
  return (
    <figure aria-label="State timeline" className="space-y-1">
      {stations.map((station) => (
        <div key={station.id} className="flex items-center gap-2">
          <div className="w-16 shrink-0 font-mono text-xs text-slate-600">{station.code}</div>
          <div className="relative h-6 flex-1 overflow-hidden rounded bg-slate-100" data-testid={`timeline-${station.code}`}>
            {intervals
              .filter((i) => i.stationId === station.id)
              .map((i) => {
                const left = Math.max(0, (i.startedAt.getTime() - start) / span);
                const right = Math.min(1, ((i.endedAt ?? to).getTime() - start) / span);
                if (right <= left) return null;
                const reason = i.downtimeReason ?? i.reportedReason;
                const label = `${station.code}: ${stateStyles[i.state].label} ${formatTime(i.startedAt, timeZone)}–${i.endedAt ? formatTime(i.endedAt, timeZone) : "now"} (${formatDuration((i.endedAt ?? to).getTime() - i.startedAt.getTime())})${reason ? `, ${reason}` : ""}`;
                return <div key={i.id} title={label} data-state={i.state} data-reason={i.downtimeReason ?? undefined} className={`absolute inset-y-0 ${stateStyles[i.state].dot}`} style={{ left: `${left * 100}%`, width: `${(right - left) * 100}%` }} />;
              })}
          </div>
        </div>
      ))}
      <div className="ml-[4.5rem] flex justify-between text-[11px] text-slate-500">
        {ticks.map((t) => (
          <span key={t.getTime()}>{isLong ? formatDateTime(t, timeZone) : formatTime(t, timeZone)}</span>
        ))}
      </div>
      <figcaption className="flex flex-wrap gap-x-3 gap-y-1 pt-1 text-xs text-slate-600">
        {(Object.keys(stateStyles) as DisplayState[])
          .filter((s) => s !== "NO_SIGNAL")
          .map((s) => (
            <span key={s} className="flex items-center gap-1">
              <span className={`size-2.5 rounded-sm ${stateStyles[s].dot}`} aria-hidden="true" />
              {stateStyles[s].label}
            </span>
          ))}
      </figcaption>
    </figure>
  );
}
