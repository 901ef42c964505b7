"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BellOff } from "lucide-react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Pager, usePagedRows } from "@/components/ui/pagination";
import type { RouterOutputs } from "@/server/api/root";

import { MutationError } from "./mutation-error";

type Alarm = RouterOutputs["lines"]["detail"]["alarms"][number];

const severityTones = { critical: "danger", warning: "warning", info: "neutral" } as const;

export function AlarmsPanel({ alarms, canAcknowledge, timeZone }: { alarms: Alarm[]; canAcknowledge: boolean; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const acknowledge = useMutation(trpc.lines.acknowledgeAlarm.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.lines.pathFilter()) }));
  const { rows, pager } = usePagedRows(alarms, 15);
  const active = alarms.filter((a) => a.clearedAt === null).length;
  return (
    <Card title="Alarms" description={alarms.length > 0 ? `${alarms.length} in this window, ${active} active` : undefined} isFlush>
      <MutationError error={acknowledge.error} />
      {alarms.length === 0 ? (
        <EmptyState icon={BellOff} title="No alarms in this window">Alarms the stations raise appear here as they come in.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Alarms">
          {rows.map((a) => {
            const isActive = a.clearedAt === null;
            return (
              <li key={a.id} className={cn("flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm", !isActive && "text-slate-500")} data-alarm={a.code}>
                <Badge tone={severityTones[a.severity]} className="uppercase">
                  {a.severity}
                </Badge>
                <span className="font-mono text-xs">{a.stationCode}</span>
                <span className="min-w-0 flex-1">{a.message}</span>
                <span className="text-xs tabular-nums">{formatDateTime(a.raisedAt, timeZone)}</span>
                {isActive ? <span className="text-xs font-medium text-red-700">active</span> : <span className="text-xs">cleared</span>}
                {a.acknowledgedAt ? (
                  <span className="text-xs text-slate-500">ack. {a.acknowledgedBy}</span>
                ) : (
                  canAcknowledge && (
                    <Button variant="secondary" size="xs" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate({ alarmId: a.id })}>
                      Acknowledge <span className="sr-only">{a.code} on {a.stationCode}</span>
                    </Button>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Pager label="Alarm pages" className="border-t border-slate-100 px-4 py-2" {...pager} />
    </Card>
  );
}
