import { currentShift } from "@/server/lines/shift";

import type { StationState } from "../schema";
import { lineDefs, machineDownReasons } from "./factory";

/**
 * How the demo plant runs, shared by the seed (its history) and the line
 * simulator (its live traffic), so both tell the same story. See
 * docs/demo-factory.md for the figures this produces.
 */

const MINUTE = 60_000;

/** A running line indexes at its slowest station's ideal cycle plus this speed loss (slow cycles, minor stops). */
export const SPEED_LOSS = 1.12;

export function linePaceSeconds(stations: readonly { idealCycleSeconds: number }[]) {
  return Math.max(...stations.map((s) => s.idealCycleSeconds)) * SPEED_LOSS;
}

/** A station's actual cycle: its ideal time plus up to the speed loss. */
export function actualCycleSeconds(idealCycleSeconds: number, random: () => number) {
  return idealCycleSeconds * (1 + random() * (SPEED_LOSS - 1));
}

/** Minutes a line runs, on average, between unplanned stops. */
export const meanRunMinutes: Record<string, number> = { M1: 120, P1: 100, P2: 85 };

export interface CalendarStop {
  start: number;
  end: number;
  state: StationState;
  reason: string;
}

const BREAK_AFTER = 4 * 60 * MINUTE;
const BREAK = 30 * MINUTE;
const START_UP = 10 * MINUTE;

/**
 * The plant works the three shifts of server/lines/shift.ts every day; each
 * starts with 10 minutes of start-up checks (SETUP) and has a 30-minute
 * break half-way (PLANNED_STOP, outside the planned busy time).
 */
export function calendarStops(from: number, to: number, timeZone: string): CalendarStop[] {
  const stops: CalendarStop[] = [];
  for (let shift = currentShift(new Date(from), timeZone); shift && shift.start.getTime() < to; shift = currentShift(shift.end, timeZone)) {
    const start = shift.start.getTime();
    for (const stop of [
      { start, end: start + START_UP, state: "SETUP" as const, reason: "START_UP" },
      { start: start + BREAK_AFTER, end: start + BREAK_AFTER + BREAK, state: "PLANNED_STOP" as const, reason: "BREAK" },
    ]) {
      if (stop.end > from && stop.start < to) stops.push(stop);
    }
  }
  return stops;
}

export interface UnplannedStop {
  /** The station that stopped the line; null when the cause is outside the line (material, outfeed). */
  stationIndex: number | null;
  state: StationState;
  reason: string;
  minutes: number;
}

/** What stops a running line, with odds and duration range in minutes. */
const stopKinds: { p: number; state: StationState; atStation: boolean; reasons: string[]; min: number; max: number }[] = [
  { p: 0.45, state: "DOWN", atStation: true, reasons: machineDownReasons, min: 4, max: 40 },
  { p: 0.2, state: "IDLE", atStation: true, reasons: ["NO_OPERATOR"], min: 3, max: 12 },
  { p: 0.2, state: "STARVED", atStation: false, reasons: ["MATERIAL"], min: 4, max: 18 },
  { p: 0.15, state: "BLOCKED", atStation: false, reasons: ["OUTFEED_FULL"], min: 2, max: 8 },
];

/** Minutes until the next unplanned stop: exponential around the line's mean, at least two. */
export function runMinutes(lineCode: string, random: () => number) {
  return Math.max(2, -Math.log(1 - random()) * (meanRunMinutes[lineCode] ?? 100));
}

export function pickUnplannedStop(stationCount: number, random: () => number): UnplannedStop {
  let x = random();
  const kind = stopKinds.find((k) => (x -= k.p) <= 0) ?? stopKinds[0]!;
  // Short stops are common and long ones rare: the square skews the duration towards the minimum.
  const minutes = kind.min + random() ** 2 * (kind.max - kind.min);
  return {
    stationIndex: kind.atStation ? Math.floor(random() * stationCount) : null,
    state: kind.state,
    reason: kind.reasons[Math.floor(random() * kind.reasons.length)] ?? kind.reasons[0]!,
    minutes,
  };
}

/** What each station of the line reports during a stop: the cause, upstream blocked, downstream starved. */
export function stationStatesDuring(stop: { stationIndex: number | null; state: StationState; reason: string }, stationCount: number) {
  return Array.from({ length: stationCount }, (_, i) => {
    if (stop.stationIndex === null || i === stop.stationIndex) return { state: stop.state, reason: stop.reason };
    return i < stop.stationIndex ? { state: "BLOCKED" as const, reason: null } : { state: "STARVED" as const, reason: null };
  });
}

export interface TimelineSegment {
  start: number;
  end: number;
  /** Null while the line runs. */
  stop: { stationIndex: number | null; state: StationState; reason: string } | null;
}

/** A line's history from `from` to `to`: runs, unplanned stops and the calendar's stops, back to back. */
export function buildLineTimeline(lineCode: string, stationCount: number, from: number, to: number, timeZone: string, random: () => number): TimelineSegment[] {
  const calendar = calendarStops(from, to, timeZone);
  const segments: TimelineSegment[] = [];
  let t = from;
  let nextCalendar = 0;
  while (t < to) {
    const planned = calendar[nextCalendar];
    if (planned && planned.start <= t) {
      if (planned.end > t) segments.push({ start: t, end: Math.min(planned.end, to), stop: { stationIndex: null, state: planned.state, reason: planned.reason } });
      t = Math.max(t, planned.end);
      nextCalendar++;
      continue;
    }
    const limit = Math.min(planned?.start ?? to, to);
    const runEnd = Math.min(t + runMinutes(lineCode, random) * MINUTE, limit);
    segments.push({ start: t, end: runEnd, stop: null });
    t = runEnd;
    if (t >= limit) continue;
    const stop = pickUnplannedStop(stationCount, random);
    const end = Math.min(t + stop.minutes * MINUTE, limit);
    segments.push({ start: t, end, stop });
    t = end;
  }
  return segments;
}

/** Units a day the demo lines make, about: what turns the seed's `units` into days of history. */
export function demoUnitsPerDay() {
  const running = 0.85;
  return lineDefs.reduce((sum, line) => sum + (86_400 / linePaceSeconds(line.stations)) * running, 0);
}
