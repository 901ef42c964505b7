"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import type { UnitRecordKind } from "@/server/kpis/constants";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatWindow } from "./format";
import { Pager, usePage } from "./pager";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

export const unitKindTitles: Record<UnitRecordKind, string> = {
  "first-pass-failures": "Units that failed first time",
  scrap: "Scrapped units",
  rework: "Reworked units",
};

const resultStyles: Record<string, string> = { PASS: "text-green-700", FAIL: "text-amber-700", SCRAP: "text-red-700" };

/** The units (or, for one station, the steps) behind FPY, scrap and rework. Serials open the unit record for roles with traceability. */
export function KpiUnitsTable({ kind, canTrace }: { kind: UnitRecordKind; canTrace: boolean }) {
  const trpc = useTRPC();
  const { input } = useKpiFilter();
  const { page, setPage } = usePage();
  const { data } = useSuspenseQuery(trpc.kpis.units.queryOptions({ ...input, kind, page }, { retry: retryUnlessRejected }));
  const tz = data.window.timeZone;
  return (
    <ChartCard title={`${unitKindTitles[kind]} · ${data.scopeLabel}`} csvHref={kpiHref("/kpis/export", input, { table: "units", kind })}>
      <p className="mb-2 text-xs text-slate-500">{formatWindow(data.window)}</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1.5 font-medium">Serial</th>
              <th scope="col" className="font-medium">Part</th>
              <th scope="col" className="font-medium">Line</th>
              <th scope="col" className="font-medium">Operation</th>
              <th scope="col" className="font-medium">Station</th>
              <th scope="col" className="font-medium">Result</th>
              <th scope="col" className="font-medium">At</th>
              <th scope="col" className="font-medium">Unit status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((r) => (
              <tr key={`${r.serial}-${r.stepId ?? ""}`}>
                <td className="py-1.5 font-mono text-xs">
                  {canTrace ? (
                    <Link href={`/traceability/units/${encodeURIComponent(r.serial)}`} className="text-sky-700 hover:underline">
                      {r.serial}
                    </Link>
                  ) : (
                    r.serial
                  )}
                </td>
                <td>
                  {r.partNumber} <span className="text-slate-500">rev {r.revision}</span>
                </td>
                <td>{r.lineCode}</td>
                <td>{r.operationCode ?? "–"}</td>
                <td className="font-mono text-xs">{r.stationCode ?? "–"}</td>
                <td className={resultStyles[r.result ?? ""] ?? ""}>{r.result ? `${r.result}${r.attempt && r.attempt > 1 ? ` (attempt ${r.attempt})` : ""}` : "–"}</td>
                <td className="whitespace-nowrap">{formatDateTime(r.at, tz)}</td>
                <td>{r.status.replace("_", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.rows.length === 0 && <p className="py-6 text-center text-sm text-slate-500">No units in this window.</p>}
      </div>
      <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => void setPage(p)} />
    </ChartCard>
  );
}
