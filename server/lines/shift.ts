/** Three shifts a day in the plant's time zone: early 06-14, late 14-22, night 22-06. */
const SHIFT_STARTS = [
  { name: "Early", hour: 6 },
  { name: "Late", hour: 14 },
  { name: "Night", hour: 22 },
] as const;

/** Minutes the zone is ahead of UTC at `at`. */
function zoneOffsetMinutes(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - at.getTime()) / 60_000);
}

export interface Shift {
  name: string;
  start: Date;
  end: Date;
}

export function currentShift(now: Date, timeZone: string): Shift {
  const offset = zoneOffsetMinutes(now, timeZone);
  const local = new Date(now.getTime() + offset * 60_000);
  const hour = local.getUTCHours();
  const startHour = hour >= 22 ? 22 : hour >= 14 ? 14 : hour >= 6 ? 6 : -2;
  const localStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), startHour);
  const start = new Date(localStart - offset * 60_000);
  const name = SHIFT_STARTS.find((s) => s.hour === (startHour < 0 ? 22 : startHour))?.name ?? "Night";
  return { name, start, end: new Date(start.getTime() + 8 * 3600_000) };
}
