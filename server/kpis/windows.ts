import { z } from "zod";

import { ValidationError } from "@/server/errors";
import { currentShift } from "@/server/lines/shift";
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

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" })
      .formatToParts(at)
      .filter((p) => p.type !== "literal")
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant a plant-local calendar day begins. */
export function startOfPlantDay(year: number, month: number, day: number, timeZone: string) {
  const guess = Date.UTC(year, month - 1, day);
  // Twice: the offset at the guessed instant can differ from the one at local midnight around a DST change.
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60_000);
}

function plantDate(at: Date, timeZone: string) {
  const local = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
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
 * The window a filter means at `now`, in the plant's time zone: the current
 * shift, today, the last seven days (today included), or custom dates. Rollups
 * are hourly, so a custom window is widened to whole hours.
 */
export function resolveWindow(filter: { window?: KpiWindow; from?: string; to?: string }, now: Date, timeZone: string): ResolvedWindow {
  const window = filter.window ?? "week";
  const today = plantDate(now, timeZone);
  const todayStart = startOfPlantDay(today.year, today.month, today.day, timeZone);
  let from: Date;
  let to = now;
  let label: string;
  switch (window) {
    case "shift": {
      const shift = currentShift(now, timeZone);
      from = shift.start;
      label = `${shift.name} shift`;
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
