"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Timer } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, usePagedRows } from "@/components/ui/pagination";
import { SortableHead, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

import { MutationError } from "./mutation-error";
import { formatDuration } from "./station-state";

type Detail = RouterOutputs["lines"]["detail"];

export function DowntimePanel({ downtime, reasons, canRecord, timeZone, now }: { downtime: Detail["downtime"]; reasons: Detail["downtimeReasons"]; canRecord: boolean; timeZone: string; now: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setReason = useMutation(trpc.lines.setDowntimeReason.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.lines.pathFilter()) }));
  // Newest first as the server sends them; "longest first" finds the losses worth a reason.
  const [isLongestFirst, setIsLongestFirst] = useState(false);
  const duration = (d: Detail["downtime"][number]) => (d.endedAt?.getTime() ?? now) - d.startedAt.getTime();
  const sorted = isLongestFirst ? [...downtime].sort((a, b) => duration(b) - duration(a)) : downtime;
  const { rows, pager } = usePagedRows(sorted, 15);
  const unexplained = downtime.filter((d) => d.downtimeReasonId === null).length;
  return (
    <Card title="Downtime" description={downtime.length > 0 ? `${downtime.length} intervals in this window, ${unexplained} without a reason` : undefined} isFlush>
      <MutationError error={setReason.error} />
      {downtime.length === 0 ? (
        <EmptyState icon={Timer} title="No downtime in this window">Every station that went down in the window would be listed here for a reason.</EmptyState>
      ) : (
        <Table caption="Downtime intervals">
          <TableHeader>
            <TableRow>
              <TableHead className="pl-4">Station</TableHead>
              <SortableHead label="From" direction={isLongestFirst ? null : "descending"} onSort={() => setIsLongestFirst(false)} />
              <SortableHead label="Duration" direction={isLongestFirst ? "descending" : null} onSort={() => setIsLongestFirst(true)} />
              <TableHead>Machine</TableHead>
              <TableHead className="w-2/5 pr-4">Reason</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id} data-interval={d.id}>
                <TableCell className="pl-4 font-mono text-xs">{d.stationCode}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{formatDateTime(d.startedAt, timeZone)}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{formatDuration(duration(d))}</TableCell>
                <TableCell className="text-xs">{d.reportedReason ?? "–"}</TableCell>
                <TableCell className="pr-4">
                  {canRecord ? (
                    <Select aria-label={`Reason for ${d.stationCode} down at ${formatDateTime(d.startedAt, timeZone)}`} value={d.downtimeReasonId ?? ""} disabled={setReason.isPending} onChange={(e) => setReason.mutate({ intervalId: d.id, reasonId: Number(e.target.value) })} size="sm">
                      <option value="" disabled>
                        Choose a reason…
                      </option>
                      {reasons.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.category}: {r.name}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    (d.downtimeReason ?? <span className="text-slate-400">not given</span>)
                  )}
                  {d.reasonBy && <div className="mt-0.5 text-xs text-slate-500">by {d.reasonBy}</div>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager label="Downtime pages" className="border-t border-slate-100 px-4 py-2" {...pager} />
    </Card>
  );
}
