"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { kpiWindows, type KpiWindow } from "@/server/kpis/constants";

import { useKpiFilter } from "./use-kpi-filter";

const windowLabels: Record<KpiWindow, string> = { shift: "Shift", day: "Day", week: "Week", custom: "Custom" };

function isoDay(at: Date) {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
}

const selectClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-600 focus:outline-none";

/** Line, station, part and window, kept in the URL. Line and station are hidden where they do not apply (ECRs, SPC). */
export function KpiFilterBar({ showPlace = true, requirePart = false }: { showPlace?: boolean; requirePart?: boolean }) {
  const trpc = useTRPC();
  const { data: options } = useSuspenseQuery(trpc.kpis.filterOptions.queryOptions());
  const { values, setValues, isPending } = useKpiFilter();
  const stations = options.lines.filter((l) => !values.line || l.code === values.line).flatMap((l) => l.stations.map((s) => ({ ...s, lineCode: l.code })));

  function chooseWindow(window: KpiWindow) {
    if (window !== "custom") return void setValues({ window, from: null, to: null });
    const today = new Date();
    void setValues({ window, from: values.from ?? isoDay(new Date(today.getTime() - 29 * 24 * 3600_000)), to: values.to ?? isoDay(today) });
  }

  return (
    <div role="group" aria-label="KPI filter" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      {showPlace && (
        <>
          <div className="w-32 text-xs font-medium text-slate-600">
            <label htmlFor="kpi-line">Line</label>
            <select id="kpi-line" className={selectClass} value={values.line ?? ""} onChange={(e) => void setValues({ line: e.target.value || null, station: null })}>
              <option value="">All lines</option>
              {options.lines.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} · {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="w-36 text-xs font-medium text-slate-600">
            <label htmlFor="kpi-station">Station</label>
            <select
              id="kpi-station"
              className={selectClass}
              value={values.station ?? ""}
              onChange={(e) => {
                const station = stations.find((s) => s.code === e.target.value);
                void setValues({ station: station?.code ?? null, line: station?.lineCode ?? values.line });
              }}
            >
              <option value="">All stations</option>
              {stations.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} · {s.name}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="w-40 text-xs font-medium text-slate-600">
        <label htmlFor="kpi-part">Part</label>
        <select id="kpi-part" className={selectClass} value={values.part ?? ""} onChange={(e) => void setValues({ part: e.target.value || null })}>
          {!requirePart && <option value="">All parts</option>}
          {options.parts.map((p) => (
            <option key={p.partNumber} value={p.partNumber}>
              {p.partNumber} · {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="text-xs font-medium text-slate-600">
        <span id="kpi-window-label">Window</span>
        <div role="radiogroup" aria-labelledby="kpi-window-label" className="mt-0.5 flex overflow-hidden rounded-md border border-slate-300">
          {kpiWindows.map((w) => (
            <button
              key={w}
              type="button"
              role="radio"
              aria-checked={values.window === w}
              onClick={() => chooseWindow(w)}
              className={cn("px-3 py-1.5 text-sm", values.window === w ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100")}
            >
              {windowLabels[w]}
            </button>
          ))}
        </div>
      </div>
      {values.window === "custom" && (
        <>
          <div className="w-36 text-xs font-medium text-slate-600">
            <label htmlFor="kpi-from">From</label>
            <input id="kpi-from" type="date" className={selectClass} value={values.from ?? ""} onChange={(e) => void setValues({ from: e.target.value || null })} />
          </div>
          <div className="w-36 text-xs font-medium text-slate-600">
            <label htmlFor="kpi-to">To</label>
            <input id="kpi-to" type="date" className={selectClass} value={values.to ?? ""} onChange={(e) => void setValues({ to: e.target.value || null })} />
          </div>
        </>
      )}
      {isPending && <Loader2 className="mb-2 size-4 animate-spin text-slate-500" aria-label="Updating" />}
    </div>
  );
}
