"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/components/ui/format";
import type { RouterOutputs } from "@/server/api/root";

type Alarm = RouterOutputs["lines"]["detail"]["alarms"][number];

const severityStyle = { critical: "bg-red-100 text-red-800", warning: "bg-amber-100 text-amber-900", info: "bg-slate-100 text-slate-700" } as const;

export function AlarmsPanel({ alarms, canAcknowledge, timeZone }: { alarms: Alarm[]; canAcknowledge: boolean; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const acknowledge = useMutation(trpc.lines.acknowledgeAlarm.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.lines.pathFilter()) }));
  return (
    <section aria-labelledby="alarms-heading" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="alarms-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">
        Alarms
      </h2>
      {acknowledge.error && (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {acknowledge.error.message}
        </p>
      )}
      {alarms.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No alarms in this window.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Alarms">
          {alarms.map((a) => {
            const isActive = a.clearedAt === null;
            return (
              <li key={a.id} className={cn("flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm", !isActive && "text-slate-500")} data-alarm={a.code}>
                <span className={cn("rounded px-1.5 py-0.5 text-xs font-medium uppercase", severityStyle[a.severity])}>{a.severity}</span>
                <span className="font-mono text-xs">{a.stationCode}</span>
                <span className="min-w-0 flex-1">{a.message}</span>
                <span className="text-xs tabular-nums">{formatDateTime(a.raisedAt, timeZone)}</span>
                {isActive ? <span className="text-xs font-medium text-red-700">active</span> : <span className="text-xs">cleared</span>}
                {a.acknowledgedAt ? (
                  <span className="text-xs text-slate-500">ack. {a.acknowledgedBy}</span>
                ) : (
                  canAcknowledge && (
                    <button
                      type="button"
                      disabled={acknowledge.isPending}
                      onClick={() => acknowledge.mutate({ alarmId: a.id })}
                      className="rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
                    >
                      Acknowledge <span className="sr-only">{a.code} on {a.stationCode}</span>
                    </button>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
