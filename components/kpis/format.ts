/** Display helpers; times are always shown in the plant's time zone. */

export function formatPercent(value: number | null, digits = 1) {
  return value === null ? "–" : `${(value * 100).toFixed(digits)} %`;
}

export function formatNumber(value: number | null, digits = 0) {
  return value === null ? "–" : value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An axis tick for a duration: minutes below an hour, so that short downtimes do not read as "0 h" on every tick. */
export function formatDurationTick(seconds: number) {
  return seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${Number((seconds / 3600).toFixed(1))} h`;
}

export function formatSeconds(seconds: number | null) {
  if (seconds === null) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function formatDays(days: number | null) {
  return days === null ? "–" : `${days.toFixed(1)} d`;
}

export function formatDateTime(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export function formatBucket(at: Date, bucket: "hour" | "day", timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", bucket === "hour" ? { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone, day: "2-digit", month: "short" }).format(at);
}

export function formatWindow(window: { from: Date; to: Date; label: string; timeZone: string }) {
  return `${window.label}: ${formatDateTime(window.from, window.timeZone)} – ${formatDateTime(window.to, window.timeZone)} (${window.timeZone})`;
}
