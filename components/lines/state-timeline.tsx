import Link from "next/link";

import { cn } from "@/components/ui/cn";
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

interface Bar {
  key: string | number;
  left: number;
  width: number;
  state: DisplayState;
  label: string;
  reason?: string;
  /** A block's states and their shares of it, stacked so that a short stop still shows. */
  shares?: [DisplayState, number][];
}

const hour = 3600_000;
const stackOrder = Object.keys(stateStyles).reverse() as DisplayState[];
const day = 24 * hour;

/** Up to a day every interval is drawn; beyond that they would be thinner than a pixel, so the window is cut into blocks. */
function blockLength(span: number) {
  return span <= day ? null : span <= 3 * day ? hour : span <= 8 * day ? 2 * hour : 6 * hour;
}

function intervalBars(code: string, intervals: Interval[], start: number, end: number, timeZone: string): Bar[] {
  const span = end - start;
  return intervals.flatMap((i) => {
    const left = Math.max(0, (i.startedAt.getTime() - start) / span);
    const right = Math.min(1, ((i.endedAt?.getTime() ?? end) - start) / span);
    if (right <= left) return [];
    const reason = i.downtimeReason ?? i.reportedReason;
    const label = `${code}: ${stateStyles[i.state].label} ${formatTime(i.startedAt, timeZone)}–${i.endedAt ? formatTime(i.endedAt, timeZone) : "now"} (${formatDuration((i.endedAt?.getTime() ?? end) - i.startedAt.getTime())})${reason ? `, ${reason}` : ""}`;
    return [{ key: i.id, left, width: right - left, state: i.state, label, reason: i.downtimeReason ?? undefined }];
  });
}

/** One bar per block: the states the station spent it in, stacked by their share (running at the bottom); the tooltip gives the figures. */
function blockBars(code: string, intervals: Interval[], start: number, end: number, block: number, timeZone: string): Bar[] {
  const span = end - start;
  const bars: Bar[] = [];
  for (let from = start; from < end; from += block) {
    const to = Math.min(end, from + block);
    const time = new Map<DisplayState, number>();
    for (const i of intervals) {
      const overlap = Math.min(to, i.endedAt?.getTime() ?? end) - Math.max(from, i.startedAt.getTime());
      if (overlap > 0) time.set(i.state, (time.get(i.state) ?? 0) + overlap);
    }
    const shares = [...time].sort((a, b) => b[1] - a[1]);
    const top = shares[0];
    if (!top) continue;
    const covered = shares.reduce((sum, [, ms]) => sum + ms, 0);
    const breakdown = shares.map(([state, ms]) => `${stateStyles[state].label} ${Math.round((ms / (to - from)) * 100)} %`).join(", ");
    bars.push({
      key: from,
      left: (from - start) / span,
      width: (to - from) / span,
      state: top[0],
      label: `${code}: ${formatDateTime(new Date(from), timeZone)}–${formatTime(new Date(to), timeZone)}: ${breakdown}`,
      shares: shares.map(([state, ms]): [DisplayState, number] => [state, ms / covered]).sort((a, b) => stackOrder.indexOf(a[0]) - stackOrder.indexOf(b[0])),
    });
  }
  return bars;
}

/** One lane per station across the window; long windows are drawn in blocks, and each day can be opened on its own. */
export function StateTimeline({ lineCode, stations, intervals, from, to, timeZone }: { lineCode: string; stations: { id: number; code: string }[]; intervals: Interval[]; from: Date; to: Date; timeZone: string }) {
  const start = from.getTime();
  const end = Math.max(start + 1, to.getTime());
  const span = end - start;
  const block = blockLength(span);
  const days = block ? Array.from({ length: Math.ceil(span / day) }, (_, k) => ({ from: start + k * day, to: Math.min(end, start + (k + 1) * day) })) : [];
  const ticks = Array.from({ length: 5 }, (_, i) => new Date(start + (span * i) / 4));
  return (
    <figure aria-label="State timeline" className="space-y-1">
      {stations.map((station) => {
        const own = intervals.filter((i) => i.stationId === station.id);
        const bars = block ? blockBars(station.code, own, start, end, block, timeZone) : intervalBars(station.code, own, start, end, timeZone);
        return (
          <div key={station.id} className="flex items-center gap-2">
            <div className="w-16 shrink-0 font-mono text-xs text-slate-600">{station.code}</div>
            <div className="relative h-6 flex-1 overflow-hidden rounded bg-slate-100" data-testid={`timeline-${station.code}`}>
              {bars.map((b) => (
                <div key={b.key} title={b.label} data-state={b.state} data-reason={b.reason} className={cn("absolute inset-y-0 flex flex-col", b.shares ? "border-r border-white/70" : stateStyles[b.state].dot)} style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%` }}>
                  {b.shares?.map(([state, share]) => <div key={state} className={stateStyles[state].dot} style={{ height: `${share * 100}%` }} />)}
                </div>
              ))}
            </div>
          </div>
        );
      })}
      {block ? (
        <nav aria-label="Days" className="ml-[4.5rem] flex text-[11px] text-slate-500">
          {days.map((d) => (
            <Link key={d.from} href={`/lines/${encodeURIComponent(lineCode)}?from=${new Date(d.from).toISOString()}&to=${new Date(d.to).toISOString()}`} style={{ width: `${((d.to - d.from) / span) * 100}%` }} className="truncate border-l border-slate-300 px-1 hover:bg-slate-100 hover:text-sky-700" title={`Open ${formatDateTime(new Date(d.from), timeZone)} – ${formatDateTime(new Date(d.to), timeZone)}`}>
              {formatDateTime(new Date(d.from), timeZone)}
            </Link>
          ))}
        </nav>
      ) : (
        <div className="ml-[4.5rem] flex justify-between text-[11px] text-slate-500">
          {ticks.map((t) => (
            <span key={t.getTime()}>{formatTime(t, timeZone)}</span>
          ))}
        </div>
      )}
      <figcaption className="flex flex-wrap gap-x-3 gap-y-1 pt-1 text-xs text-slate-600">
        {(Object.keys(stateStyles) as DisplayState[])
          .filter((s) => s !== "NO_SIGNAL")
          .map((s) => (
            <span key={s} className="flex items-center gap-1">
              <span className={`size-2.5 rounded-sm ${stateStyles[s].dot}`} aria-hidden="true" />
              {stateStyles[s].label}
            </span>
          ))}
        {block && <span className="basis-full text-slate-500">Each block is {block / hour} h, split by the time the station spent in each state. Choose a day to see every interval.</span>}
      </figcaption>
    </figure>
  );
}
