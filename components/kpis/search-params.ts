import { createLoader, createSerializer, parseAsString, parseAsStringLiteral } from "nuqs/server";

import { kpiWindows } from "@/server/kpis/constants";
import type { KpiFilter } from "@/server/kpis/windows";

/** The KPI filter in the URL (/kpis?line=&station=&part=&window=&from=&to=), one definition for server and client. */
export const kpiSearchParams = {
  line: parseAsString,
  station: parseAsString,
  part: parseAsString,
  window: parseAsStringLiteral(kpiWindows).withDefault("week"),
  from: parseAsString,
  to: parseAsString,
};

export const loadKpiSearchParams = createLoader(kpiSearchParams);
const serialize = createSerializer(kpiSearchParams);

export type KpiSearchValues = { line: string | null; station: string | null; part: string | null; window: KpiFilter["window"] & string; from: string | null; to: string | null };

/** URL values → procedure input (empty values dropped; dates only for a custom window). */
export function toKpiInput(values: KpiSearchValues): KpiFilter {
  const isCustom = values.window === "custom";
  return {
    line: values.line || undefined,
    station: values.station || undefined,
    part: values.part || undefined,
    window: values.window,
    from: isCustom ? values.from || undefined : undefined,
    to: isCustom ? values.to || undefined : undefined,
  };
}

/** A link that keeps the filter: `/kpis/units/scrap?line=P1&window=day`. */
export function kpiHref(path: string, filter: KpiFilter, extra: Record<string, string | undefined> = {}) {
  const base = serialize(path, { line: filter.line ?? null, station: filter.station ?? null, part: filter.part ?? null, window: filter.window ?? "week", from: filter.from ?? null, to: filter.to ?? null });
  const params = new URLSearchParams(base.includes("?") ? base.slice(base.indexOf("?") + 1) : "");
  // The default window is left out of URLs; drill-down pages read the same default.
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.append(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
