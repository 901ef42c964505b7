"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { FileDown, FilePlus2, SearchX } from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { Pager } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

import { formatDateTime, formatNumber, newEcrPath, statusLabels, unitPath, WHERE_USED_PAGE_SIZE } from "./format";
import { LotReleaseForm, WhereUsedHoldForm } from "./hold-form";
import { HoldHistory } from "./hold-history";
import { StatusBadge } from "./status-badge";

type Origin = { lotNumber: string } | { serial: string };
type Status = "in_progress" | "complete" | "scrapped" | "on_hold";

function exportHref(origin: Origin, format: "csv" | "json") {
  const params = new URLSearchParams("lotNumber" in origin ? { lot: origin.lotNumber } : { serial: origin.serial });
  params.set("format", format);
  return `/api/traceability/where-used/export?${params.toString()}`;
}

/** Every unit that contains a lot or component, at any level: the recall scope, one page at a time. */
export function WhereUsedView({ origin, canHold, canRaiseEcr }: { origin: Origin; canHold: boolean; canRaiseEcr: boolean }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [isTopLevelOnly, setIsTopLevelOnly] = useState(false);
  const input = { origin, page, pageSize: WHERE_USED_PAGE_SIZE, ...(status ? { status } : {}), ...(isTopLevelOnly ? { isTopLevelOnly } : {}) };
  const { data, error, isFetching } = useQuery(trpc.traceability.whereUsed.queryOptions(input, { placeholderData: keepPreviousData }));
  if (error) return <p role="alert" className="text-sm text-red-700">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-600">Tracing…</p>;
  const { origin: info, timeZone } = data;

  return (
    <div className="space-y-4">
      <section aria-label={info.kind === "lot" ? "Lot" : "Component"} className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="font-mono text-2xl font-semibold tracking-tight">{info.label}</h1>
            <p className="mt-0.5 text-sm text-slate-700">
              <span className="font-semibold">{info.partNumber}</span> · {info.partName}
            </p>
          </div>
          <StatusBadge status={info.status} className="px-3 py-1 text-sm" />
        </div>
        {info.kind === "lot" && (
          <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm md:grid-cols-4">
            <div>
              <dt className="text-xs text-slate-500">Supplier</dt>
              <dd>{info.supplier ?? "–"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Received</dt>
              <dd>{formatDateTime(info.receivedAt, timeZone)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Lot quantity</dt>
              <dd>{formatNumber(info.qty)}</dd>
            </div>
          </dl>
        )}
        {info.kind === "unit" && (
          <p className="mt-2 text-sm">
            <Link href={unitPath(info.label)} className="text-sky-700 hover:underline">
              Open the as-built record of {info.label}
            </Link>
          </p>
        )}
        <div className="mt-4 flex flex-wrap items-start gap-2 border-t border-slate-100 pt-3">
          <a className={buttonVariants({ variant: "secondary", size: "sm" })} href={exportHref(origin, "csv")} download>
            <FileDown className="size-4" aria-hidden="true" /> CSV
          </a>
          <a className={buttonVariants({ variant: "secondary", size: "sm" })} href={exportHref(origin, "json")} download>
            <FileDown className="size-4" aria-hidden="true" /> JSON
          </a>
          {canRaiseEcr && (
            <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href={newEcrPath({ partNumber: info.partNumber, title: `${info.partNumber}: suspect ${info.kind} ${info.label}`, evidence: [info.kind === "lot" ? `lot:${info.label}` : `unit:${info.label}`] })}>
              <FilePlus2 className="size-4" aria-hidden="true" /> Raise ECR
            </Link>
          )}
          {canHold && data.holdable > 0 && (
            <div className="ml-auto">
              <WhereUsedHoldForm origin={origin} holdable={data.holdable} />
            </div>
          )}
          {canHold && info.kind === "lot" && info.status === "on_hold" && (
            <div className={data.holdable > 0 ? "" : "ml-auto"}>
              <LotReleaseForm lotNumber={info.label} />
            </div>
          )}
        </div>
      </section>

      <HoldHistory origin={origin} timeZone={timeZone} />

      <Card
        title={`Where used: ${data.total.toLocaleString("en")} unit${data.total === 1 ? "" : "s"} contain it now`}
        description={
          <>
            {data.topLevel.toLocaleString("en")} finished product{data.topLevel === 1 ? "" : "s"} (not inside another unit) ·{" "}
            {(Object.entries(data.byStatus) as [Status, number][]).map(([s, n]) => `${statusLabels[s] ?? s} ${n.toLocaleString("en")}`).join(" · ")}
            {data.formerly > 0 && ` · ${data.formerly.toLocaleString("en")} held it once through a removed component`}
          </>
        }
        isFlush
      >
        <div className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
          <label className="flex items-center gap-2">
            Status
<span className="w-36">
            <Select
              value={status ?? ""}
              onChange={(e) => {
                setStatus((e.target.value || undefined) as Status | undefined);
                setPage(1);
              }}
              size="sm"
            >
              <option value="">All</option>
              {(["complete", "in_progress", "on_hold", "scrapped"] as const).map((s) => (
                <option key={s} value={s}>
                  {statusLabels[s]}
                </option>
              ))}
            </Select>
</span>
          </label>
          <label className="flex items-center gap-2">
            <Input
              type="checkbox"
              checked={isTopLevelOnly}
              onChange={(e) => {
                setIsTopLevelOnly(e.target.checked);
                setPage(1);
              }}
            />
            Finished products only
          </label>
          {isFetching && <span className="text-xs text-slate-500">updating…</span>}
        </div>
        <Table caption="Units that contain it" tableClassName="min-w-[40rem] whitespace-nowrap">
          <TableHeader columns={["Serial", "Part", "Level", "Status", "Work order", "Finished"]} />
          <TableBody>
            {data.rows.map((row) => (
              <TableRow key={row.unitId} className={cn(row.isRemoved && "text-slate-500")}>
                <TableCell>
                  <Link href={unitPath(row.serial)} className={cn("font-mono text-sky-700 hover:underline", row.isRemoved && "line-through")}>
                    {row.serial}
                  </Link>
                  {row.isTopLevel && !row.isRemoved && <span className="ml-2 text-xs text-slate-500">finished product</span>}
                  {row.isRemoved && <span className="ml-2 text-xs">no longer contains it</span>}
                </TableCell>
                <TableCell>
                  {row.partNumber} rev {row.revision}
                </TableCell>
                <TableCell className="tabular-nums">{row.level}</TableCell>
                <TableCell>
                  <StatusBadge status={row.status} />
                </TableCell>
                <TableCell className="font-mono text-xs">{row.workOrder ?? "–"}</TableCell>
                <TableCell>{formatDateTime(row.completedAt, timeZone)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {data.rows.length === 0 && <EmptyState icon={SearchX} title="No unit matches">{status || isTopLevelOnly ? "Clear the filters to see every unit that contains it." : "Nothing was built with it yet."}</EmptyState>}
        <Pager className="border-t border-slate-100 px-4 py-2" page={data.page} pageSize={WHERE_USED_PAGE_SIZE} total={data.matching} onPage={setPage} />
      </Card>
    </div>
  );
}
