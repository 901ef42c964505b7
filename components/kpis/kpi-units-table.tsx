"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { CircleCheck } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager, usePage } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import { unitKindTitles, type UnitRecordKind } from "@/server/kpis/constants";

import { ChartCard } from "./chart-card";
import { formatDateTime, formatWindow } from "./format";
import { retryUnlessRejected } from "./query-retry";
import { kpiHref } from "./search-params";
import { useKpiFilter } from "./use-kpi-filter";

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
      <Table caption={unitKindTitles[kind]}>
        <TableHeader columns={["Serial", "Part", "Line", "Operation", "Station", "Result", "At", "Unit status"]} />
        <TableBody>
          {data.rows.map((r) => (
            <TableRow key={`${r.serial}-${r.stepId ?? ""}`}>
              <TableCell className="font-mono text-xs">
                {canTrace ? (
                  <Link href={`/traceability/units/${encodeURIComponent(r.serial)}`} className="text-sky-700 hover:underline">
                    {r.serial}
                  </Link>
                ) : (
                  r.serial
                )}
              </TableCell>
              <TableCell>
                {r.partNumber} <span className="text-slate-500">rev {r.revision}</span>
              </TableCell>
              <TableCell>{r.lineCode}</TableCell>
              <TableCell>{r.operationCode ?? "–"}</TableCell>
              <TableCell className="font-mono text-xs">{r.stationCode ?? "–"}</TableCell>
              <TableCell className={resultStyles[r.result ?? ""] ?? ""}>{r.result ? `${r.result}${r.attempt && r.attempt > 1 ? ` (attempt ${r.attempt})` : ""}` : "–"}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(r.at, tz)}</TableCell>
              <TableCell>{r.status.replace("_", " ")}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.rows.length === 0 && <EmptyState icon={CircleCheck} title="No units in this window">Widen the window or clear the filters to see more.</EmptyState>}
      <Pager className="mt-3" page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => void setPage(p)} />
    </ChartCard>
  );
}
