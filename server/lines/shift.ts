import { addDays, formatLocalDate, isoWeekday, localDate, localTimeToInstant, type LocalDate } from "./zoned-time";

/** A shift of a line's pattern: local wall-clock times; an end at or before the start ends the next day (overnight). */
export interface ShiftDefinition {
  name: string;
  /** "HH:MM", local time of the line's site. */
  start: string;
  end: string;
  /** ISO weekdays the shift starts on: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
}

/** A planned stop (break) inside shifts, on the weekdays it happens. */
export interface PlannedStopDefinition {
  start: string;
  end: string;
  weekdays: number[];
  reason: string;
}

export interface ShiftCalendar {
  shifts: ShiftDefinition[];
  plannedStops: PlannedStopDefinition[];
  /** Local dates (YYYY-MM-DD) on which no shift starts: holidays, plant shutdown. */
  holidays: string[];
}

export const allWeekdays = [1, 2, 3, 4, 5, 6, 7];

/** The pattern of a line without a calendar of its own: three 8-hour shifts every day (docs/equipment.md). */
export const defaultShifts: ShiftDefinition[] = [
  { name: "Early", start: "06:00", end: "14:00", weekdays: allWeekdays },
  { name: "Late", start: "14:00", end: "22:00", weekdays: allWeekdays },
  { name: "Night", start: "22:00", end: "06:00", weekdays: allWeekdays },
];
export const defaultShiftCalendar: ShiftCalendar = { shifts: defaultShifts, plannedStops: [], holidays: [] };

export interface PlannedStop {
  start: Date;
  end: Date;
  reason: string;
}

/** One occurrence of a shift, as instants. */
export interface Shift {
  name: string;
  start: Date;
  end: Date;
  plannedStops: PlannedStop[];
}

export const clockMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** A clock interval in minutes from the start of its day; an end at or before the start is on the next day. */
export function clockSpan(start: string, end: string) {
  const from = clockMinutes(start);
  let to = clockMinutes(end);
  if (to <= from) to += 1440;
  return { from, to };
}

const at = (date: LocalDate, minutes: number, timeZone: string) => localTimeToInstant(addDays(date, Math.floor(minutes / 1440)), minutes % 1440, timeZone);

/** Planned stops of the calendar that fall in [start, end), clipped to it. */
function stopsWithin(calendar: ShiftCalendar, day: LocalDate, start: Date, end: Date, timeZone: string): PlannedStop[] {
  const stops: PlannedStop[] = [];
  // A shift spans at most two calendar days, so its stops begin on its start day or the next.
  for (const d of [day, addDays(day, 1)]) {
    for (const stop of calendar.plannedStops) {
      if (!stop.weekdays.includes(isoWeekday(d))) continue;
      const span = clockSpan(stop.start, stop.end);
      const from = new Date(Math.max(at(d, span.from, timeZone).getTime(), start.getTime()));
      const to = new Date(Math.min(at(d, span.to, timeZone).getTime(), end.getTime()));
      if (from < to) stops.push({ start: from, end: to, reason: stop.reason });
    }
  }
  return stops.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The shifts that start on a local date: none on a holiday or a weekday the pattern leaves out. */
export function shiftsStartingOn(day: LocalDate, timeZone: string, calendar: ShiftCalendar): Shift[] {
  if (calendar.holidays.includes(formatLocalDate(day))) return [];
  const weekday = isoWeekday(day);
  return calendar.shifts
    .filter((s) => s.weekdays.includes(weekday))
    .map((s) => {
      const span = clockSpan(s.start, s.end);
      // Wall-clock ends: the night shift over a DST change lasts 7 or 9 hours.
      const start = at(day, span.from, timeZone);
      const end = at(day, span.to, timeZone);
      return { name: s.name, start, end, plannedStops: stopsWithin(calendar, day, start, end, timeZone) };
    })
    .filter((s) => s.start < s.end)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The shift running at `now`, or null outside every shift (between shifts, on a holiday). */
export function currentShift(now: Date, timeZone: string, calendar: ShiftCalendar = defaultShiftCalendar): Shift | null {
  const today = localDate(now, timeZone);
  for (const day of [today, addDays(today, -1)]) {
    const shift = shiftsStartingOn(day, timeZone, calendar).find((s) => s.start <= now && now < s.end);
    if (shift) return shift;
  }
  return null;
}

const LOOK_BACK_DAYS = 8;

/** The shift running at `now`, else the one that ended last within the past eight days; null when there is none. */
export function latestShift(now: Date, timeZone: string, calendar: ShiftCalendar = defaultShiftCalendar): { shift: Shift; isCurrent: boolean } | null {
  const current = currentShift(now, timeZone, calendar);
  if (current) return { shift: current, isCurrent: true };
  const today = localDate(now, timeZone);
  for (let back = 0; back <= LOOK_BACK_DAYS; back++) {
    const ended = shiftsStartingOn(addDays(today, -back), timeZone, calendar).filter((s) => s.end <= now);
    const last = ended.at(-1);
    if (last) return { shift: last, isCurrent: false };
  }
  return null;
}

/** Minutes of the shift scheduled to produce up to `until`: elapsed shift time minus planned stops. */
export function scheduledMinutes(shift: Shift, until: Date) {
  const end = Math.min(until.getTime(), shift.end.getTime());
  if (end <= shift.start.getTime()) return 0;
  const stopped = shift.plannedStops.reduce((sum, s) => sum + Math.max(0, Math.min(s.end.getTime(), end) - s.start.getTime()), 0);
  return (end - shift.start.getTime() - stopped) / 60_000;
}

/** The output target so far: target per hour × scheduled minutes. */
export const shiftTarget = (targetPerHour: number, shift: Shift, until: Date) => Math.round((targetPerHour * scheduledMinutes(shift, until)) / 60);
