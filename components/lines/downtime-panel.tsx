"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { formatDateTime } from "@/components/ui/format";
import type { RouterOutputs } from "@/server/api/root";

import { formatDuration } from "./station-state";

type Detail = RouterOutputs["lines"]["detail"];

export function DowntimePanel({ downtime, reasons, canRecord, timeZone, now }: { downtime: Detail["downtime"]; reasons: Detail["downtimeReasons"]; canRecord: boolean; timeZone: string; now: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setReason = useMutation(trpc.lines.setDowntimeReason.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.lines.pathFilter()) }));
  return (
    <section aria-labelledby="downtime-heading" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="downtime-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">
        Downtime
      </h2>
      {setReason.error && (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {setReason.error.message}
        </p>
      )}
      {downtime.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No downtime in this window.</p>
      ) : (
        <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className="px-4 py-2">Station</th>
              <th className="px-4 py-2">From</th>
              <th className="px-4 py-2">Duration</th>
              <th className="px-4 py-2">Machine</th>
              <th className="px-4 py-2">Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {downtime.map((d) => (
              <tr key={d.id} data-interval={d.id}>
                <td className="px-4 py-2 font-mono text-xs">{d.stationCode}</td>
                <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatDateTime(d.startedAt, timeZone)}</td>
                <td className="px-4 py-2 tabular-nums">{formatDuration((d.endedAt?.getTime() ?? now) - d.startedAt.getTime())}</td>
                <td className="px-4 py-2 text-xs">{d.reportedReason ?? "–"}</td>
                <td className="px-4 py-2">
                  {canRecord ? (
                    <select
                      aria-label={`Reason for ${d.stationCode} down at ${formatDateTime(d.startedAt, timeZone)}`}
                      value={d.downtimeReasonId ?? ""}
                      disabled={setReason.isPending}
                      onChange={(e) => setReason.mutate({ intervalId: d.id, reasonId: Number(e.target.value) })}
                      className="w-full min-w-44 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                    >
                      <option value="" disabled>
                        Choose a reason…
                      </option>
                      {reasons.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.category}: {r.name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (d.downtimeReason ?? <span className="text-slate-400">not given</span>)
                  )}
                  {d.reasonBy && <div className="mt-0.5 text-xs text-slate-500">by {d.reasonBy}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
