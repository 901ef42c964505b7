import { z } from "zod";

import { ValidationError } from "@/server/errors";
import { latestShift, type ShiftCalendar } from "@/server/lines/shift";
import { addDays, localDate, localTimeToInstant } from "@/server/lines/zoned-time";
import { text } from "@/server/input";

import { kpiWindows, type KpiWindow } from "./constants";

const HOUR_MS = 3600_000;
const MAX_SPAN_DAYS = 400;


const filterCode = text(60).trim().min(1);
/** A plant-local date (YYYY-MM-DD) or an ISO 8601 instant. */
const windowBound = text(40).trim();

/** The KPI filter, as in the URL: /kpis?line=&station=&part=&window=&from=&to= */
export const kpiFilterInput = z.object({
  line: filterCode.optional(),
  station: filterCode.optional(),
  part: filterCode.optional(),
  window: z.enum(kpiWindows).default("week"),
  from: windowBound.optional(),
  to: windowBound.optional(),
});
export type KpiFilter = z.input<typeof kpiFilterInput>;

export interface ResolvedWindow {
  from: Date;
  to: Date;
  /** Trend granularity: hours for a day or less, plant days beyond. */
  bucket: "hour" | "day";
  timeZone: string;
  label: string;
}

/** The instant a plant-local calendar day begins. */
export function startOfPlantDay(year: number, month: number, day: number, timeZone: string) {
  return localTimeToInstant({ year, month, day }, 0, timeZone);
}

function parseBound(value: string, timeZone: string, isEnd: boolean, name: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const date = { year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) };
    const isRealDate = new Date(Date.UTC(date.year, date.month - 1, date.day)).toISOString().startsWith(value);
    // An end date is inclusive: the window runs to the next plant midnight.
    const at = isEnd ? addDays(date, 1) : date;
    if (isRealDate) return startOfPlantDay(at.year, at.month, at.day, timeZone);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new ValidationError(`"${value}" is not a valid ${name} date: use YYYY-MM-DD or an ISO 8601 time.`);
}

const floorHour = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (at: Date) => new Date(Math.ceil(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * The window a filter means at `now`, in the site's time zone: the current
 * shift of the line's calendar (else the last one that ended), today, the last
 * seven days (today included), or custom dates. Rollups
 * are hourly, so a custom window is widened to whole hours.
 */
export function resolveWindow(filter: { window?: KpiWindow; from?: string; to?: string }, now: Date, timeZone: string, calendar?: ShiftCalendar): ResolvedWindow {
  const window = filter.window ?? "week";
  const today = localDate(now, timeZone);
  const todayStart = startOfPlantDay(today.year, today.month, today.day, timeZone);
  let from: Date;
  let to = now;
  let label: string;
  switch (window) {
    case "shift": {
      const latest = latestShift(now, timeZone, calendar);
      if (!latest) throw new ValidationError("The line has had no shift in the past eight days (holidays or shutdown): choose another window.");
      from = latest.shift.start;
      if (!latest.isCurrent) to = latest.shift.end;
      label = latest.isCurrent ? `${latest.shift.name} shift` : `Last shift (${latest.shift.name})`;
      break;
    }
    case "day":
      from = todayStart;
      label = "Today";
      break;
    case "week": {
      const start = addDays(today, -6);
      from = startOfPlantDay(start.year, start.month, start.day, timeZone);
      label = "Last 7 days";
      break;
    }
    case "custom": {
      if (!filter.from || !filter.to) throw new ValidationError("A custom window needs both a from and a to date.");
      from = floorHour(parseBound(filter.from, timeZone, false, "from"));
      to = ceilHour(parseBound(filter.to, timeZone, true, "to"));
      if (to <= from) throw new ValidationError("The window's end must come after its start.");
      if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * 24 * HOUR_MS) throw new ValidationError(`A window may span at most ${MAX_SPAN_DAYS} days.`);
      label = "Custom";
      break;
    }
  }
  const bucket = to.getTime() - from.getTime() <= 2 * 24 * HOUR_MS ? "hour" : "day";
  return { from, to, bucket, timeZone, label };
}

/** Hours of the window up to now: the divisor of throughput. */
export function elapsedHours(window: ResolvedWindow, now: Date) {
  const end = Math.min(window.to.getTime(), now.getTime());
  return Math.max(0, (end - window.from.getTime()) / HOUR_MS);
}
