import type { BadgeTone } from "@/components/ui/badge";
import type { AsBuiltRecord } from "@/server/traceability/as-built-record";

export type UnitStatus = AsBuiltRecord["unit"]["status"];

export const statusLabels: Record<string, string> = {
  in_progress: "In progress",
  complete: "Complete",
  scrapped: "Scrapped",
  on_hold: "On hold",
  available: "Available",
  consumed: "Consumed",
};

export const statusTones: Record<string, BadgeTone> = {
  in_progress: "info",
  complete: "success",
  scrapped: "neutral",
  on_hold: "warning",
  available: "success",
  consumed: "muted",
};

/** Times are shown in the plant's zone; a fixed locale keeps server and browser rendering identical. */
export function formatDateTime(value: Date | string | null | undefined, timeZone: string) {
  if (!value) return "–";
  return new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(value));
}

export function formatTime(value: Date | string, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(value));
}

export function formatNumber(value: number | null | undefined) {
  if (value === null || value === undefined) return "–";
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
}

/** Where-used rows per page; the server prefetch and the client view must ask for the same page. */
export const WHERE_USED_PAGE_SIZE = 25;

export const unitPath = (serial: string) => `/traceability/units/${encodeURIComponent(serial)}`;
export const lotPath = (lotNumber: string) => `/traceability/lots/${encodeURIComponent(lotNumber)}`;

export function newEcrPath(input: { partNumber: string; title: string; evidence: string[] }) {
  const params = new URLSearchParams({ part: input.partNumber });
  for (const e of input.evidence) params.append("evidence", e);
  params.set("title", input.title);
  return `/changes/ecrs/new?${params.toString()}`;
}
