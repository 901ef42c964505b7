"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Inbox, Server } from "lucide-react";
import { Fragment } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Card, cardSurface } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Worker = RouterOutputs["admin"]["ingestion"]["workers"][number];

const columns = ["Worker", "State", "MQTT / DB", { label: "msg/s", align: "right" }, { label: "rows/s", align: "right" }, { label: "batch p50 / p99", align: "right" }, { label: "in flight", align: "right" }, { label: "oldest held", align: "right" }, { label: "failed writes", align: "right" }, "last commit", { label: "dead letters", align: "right" }, "heartbeat"] as const;

const alarming = "font-semibold text-red-700";

function WorkerState({ worker: w }: { worker: Worker }) {
  if (w.stalledReason) return <Badge tone="danger">stalled</Badge>;
  if (w.isAlive) return <Badge tone="success">running</Badge>;
  return <Badge tone="muted">{w.stoppedAt ? "stopped" : "silent"}</Badge>;
}

export function IngestionHealth({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.admin.ingestion.queryOptions(undefined, { refetchInterval: 5000 }));
  const alive = data.workers.filter((w) => w.isAlive);
  const stalled = alive.filter((w) => w.stalledReason);
  return (
    <div className="space-y-6">
      {stalled.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
          <p className="font-semibold">Ingestion is stalled: {stalled.length === 1 ? "a worker holds" : `${stalled.length} workers hold`} messages it cannot commit. Nothing they hold is stored until this is resolved.</p>
          <ul className="mt-2 space-y-1 text-sm">
            {stalled.map((w) => (
              <li key={w.id}>
                <span className="font-mono">{w.id}</span>: {w.stalledReason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          ["Workers running", stalled.length ? `${alive.length} (${stalled.length} stalled)` : String(alive.length)],
          ["Messages/s", formatNumber(alive.reduce((n, w) => n + w.stats.messagesPerSecond, 0), 0)],
          ["Queue depth", formatNumber(alive.reduce((n, w) => n + w.stats.queueDepth, 0), 0)],
          ["Dead letters (24 h)", formatNumber(data.deadLetters.lastDay, 0)],
        ].map(([label, value]) => (
          <div key={label} className={cn(cardSurface, "p-4")}>
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <Card title="Workers" isFlush>
        {data.workers.length === 0 ? (
          <EmptyState icon={Server} title="No worker has reported yet">
            Start one with <code>npm run worker</code>.
          </EmptyState>
        ) : (
          <Table caption="Workers" isWide tableClassName="whitespace-nowrap">
            <TableHeader columns={[...columns]} />
            <TableBody>
              {data.workers.map((w) => (
                <Fragment key={w.id}>
                  <TableRow className={cn(!w.isAlive && "text-slate-500", w.stalledReason && "bg-red-50")}>
                    <TableCell className="font-mono text-xs">
                      {w.id}
                      <div className="text-slate-600">
                        {w.hostname} pid {w.pid}
                        {w.stats.sharedGroup ? ` · group ${w.stats.sharedGroup}` : ""}
                      </div>
                    </TableCell>
                    <TableCell>
                      <WorkerState worker={w} />
                    </TableCell>
                    <TableCell>
                      <span className={cn(w.isAlive && !w.stats.mqttConnected && alarming)}>{w.stats.mqttConnected ? "up" : "down"}</span> / <span className={cn(w.isAlive && !w.stats.dbConnected && alarming)}>{w.stats.dbConnected ? "up" : "down"}</span>
                    </TableCell>
                    <TableCell align="right">{formatNumber(w.stats.messagesPerSecond, 0)}</TableCell>
                    <TableCell align="right">{formatNumber(w.stats.rowsPerSecond, 0)}</TableCell>
                    <TableCell align="right">{w.stats.batchLatencyP50Ms === null ? "–" : `${formatNumber(w.stats.batchLatencyP50Ms, 0)} / ${formatNumber(w.stats.batchLatencyP99Ms ?? 0, 0)} ms`}</TableCell>
                    <TableCell align="right">{w.stats.inFlight}</TableCell>
                    <TableCell align="right" className={cn(w.stalledReason && alarming)}>
                      {w.stats.oldestUnackedSeconds == null ? "–" : `${formatNumber(w.stats.oldestUnackedSeconds, 0)} s`}
                    </TableCell>
                    <TableCell align="right" className={cn((w.stats.consecutiveFailedWrites ?? 0) > 0 && alarming)}>
                      {w.stats.consecutiveFailedWrites ?? "–"}
                    </TableCell>
                    <TableCell className="tabular-nums">{w.stats.lastCommitAt ? formatDateTime(new Date(w.stats.lastCommitAt), timeZone) : "never"}</TableCell>
                    <TableCell align="right">{w.stats.deadLettersTotal}</TableCell>
                    <TableCell className="tabular-nums">{formatDateTime(w.heartbeatAt, timeZone)}</TableCell>
                  </TableRow>
                  {w.stalledReason && (
                    <TableRow className="bg-red-50">
                      <TableCell colSpan={columns.length} className="pt-0 whitespace-normal text-red-800">
                        Why: {w.stalledReason}
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <Card title="Partitions" description="Where the monthly partitions reach, as the worker's partition maintenance last found them; rows in a default partition move into their month at its next run. Retention: Admin > Data retention." isFlush>
        {data.partitions.length === 0 ? (
          <EmptyState icon={Server} title="No running worker maintains partitions">
            A worker with <code>PARTITION_MAINTENANCE_SECONDS</code> above 0 reports here after its first run.
          </EmptyState>
        ) : (
          <Table caption="Partitions">
            <TableHeader columns={["Table", "Partitions reach", { label: "Rows in default partition", align: "right" }, "Checked"]} />
            <TableBody>
              {data.partitions.map((p) => (
                <TableRow key={p.table}>
                  <TableCell className="font-mono text-xs">{p.table}</TableCell>
                  <TableCell className={cn("tabular-nums", p.horizon === null && alarming)}>{p.horizon ? formatDateTime(new Date(p.horizon), timeZone) : "not even now: new rows land in the default partition"}</TableCell>
                  <TableCell align="right" className={cn("tabular-nums", p.defaultRows > 0 && alarming)}>
                    {formatNumber(p.defaultRows, 0)}
                  </TableCell>
                  <TableCell className="tabular-nums">{formatDateTime(new Date(p.checkedAt), timeZone)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Last message per station">
          <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
            {data.stations.map((s) => (
              <li key={s.id} className="flex justify-between gap-2">
                <span className="font-mono text-xs">{s.code}</span>
                <span className={cn("text-xs tabular-nums", s.isSilent ? "text-red-700" : "text-slate-600")}>{s.lastMessageAt ? formatDateTime(s.lastMessageAt, timeZone) : "never"}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={`Dead letters (${formatNumber(data.deadLetters.total, 0)} in all)`} isFlush>
          {data.deadLetters.recent.length === 0 ? (
            <EmptyState icon={Inbox} title="No dead letters">
              Every message was ingested.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.deadLetters.recent.map((d) => (
                <li key={d.id} className="px-4 py-2">
                  <div className="flex justify-between gap-2">
                    <span className="font-mono text-xs break-all">{d.topic}</span>
                    <span className="text-xs whitespace-nowrap text-slate-600">{formatDateTime(d.receivedAt, timeZone)}</span>
                  </div>
                  <div className="text-red-800">{d.error}</div>
                  <div className="truncate font-mono text-xs text-slate-600">{d.payload}</div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
