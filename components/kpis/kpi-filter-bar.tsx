"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { kpiWindows, type KpiWindow } from "@/server/kpis/constants";

import { useKpiFilter } from "./use-kpi-filter";

const windowLabels: Record<KpiWindow, string> = { shift: "Shift", day: "Day", week: "Week", custom: "Custom" };

function isoDay(at: Date) {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
}

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
          <Field id="kpi-line" label="Line" className="w-32">
            <Select size="sm" value={values.line ?? ""} onChange={(e) => void setValues({ line: e.target.value || null, station: null })}>
              <option value="">All lines</option>
              {options.lines.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} · {l.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="kpi-station" label="Station" className="w-40">
            <Select
              size="sm"
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
            </Select>
          </Field>
        </>
      )}
      <Field id="kpi-part" label="Part" className="w-56">
        <Select size="sm" value={values.part ?? ""} onChange={(e) => void setValues({ part: e.target.value || null })}>
          {!requirePart && <option value="">All parts</option>}
          {options.parts.map((p) => (
            <option key={p.partNumber} value={p.partNumber}>
              {p.partNumber} · {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="text-sm font-medium text-slate-700">
        <span id="kpi-window-label">Window</span>
        <div role="radiogroup" aria-labelledby="kpi-window-label" className="mt-1 flex overflow-hidden rounded-md border border-slate-300">
          {kpiWindows.map((w) => (
            <button
              key={w}
              type="button"
              role="radio"
              aria-checked={values.window === w}
              onClick={() => chooseWindow(w)}
              className={cn("px-3 py-1 text-sm", values.window === w ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100")}
            >
              {windowLabels[w]}
            </button>
          ))}
        </div>
      </div>
      {values.window === "custom" && (
        <>
          <Field id="kpi-from" label="From" className="w-40">
            <Input type="date" size="sm" value={values.from ?? ""} onChange={(e) => void setValues({ from: e.target.value || null })} />
          </Field>
          <Field id="kpi-to" label="To" className="w-40">
            <Input type="date" size="sm" value={values.to ?? ""} onChange={(e) => void setValues({ to: e.target.value || null })} />
          </Field>
        </>
      )}
      {isPending && <Loader2 className="mb-2 size-4 animate-spin text-slate-500" aria-label="Updating" />}
    </div>
  );
}
