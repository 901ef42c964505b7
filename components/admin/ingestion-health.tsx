"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Fragment } from "react";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatNumber } from "@/components/ui/format";

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
              <li key={w.id}><span className="font-mono">{w.id}</span>: {w.stalledReason}</li>
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
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="workers" className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 id="workers" className="border-b border-slate-100 px-4 py-3 font-semibold">Workers</h2>
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              {["Worker", "State", "MQTT / DB", "msg/s", "rows/s", "batch p50 / p99", "in flight", "oldest held", "failed writes", "last commit", "dead letters", "heartbeat"].map((h) => (
                <th key={h} className="px-4 py-2 whitespace-nowrap">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.workers.map((w) => (
              <Fragment key={w.id}>
                <tr className={cn(!w.isAlive && "text-slate-400", w.stalledReason && "bg-red-50")}>
                  <td className="px-4 py-2 font-mono text-xs">{w.id}<div className="text-slate-500">{w.hostname} pid {w.pid}{w.stats.sharedGroup ? ` · group ${w.stats.sharedGroup}` : ""}</div></td>
                  <td className="px-4 py-2">
                    {w.stalledReason ? (
                      <span className="font-semibold text-red-700">stalled</span>
                    ) : w.isAlive ? (
                      "running"
                    ) : w.stoppedAt ? (
                      "stopped"
                    ) : (
                      "silent"
                    )}
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    <span className={cn(w.isAlive && !w.stats.mqttConnected && "font-semibold text-red-700")}>{w.stats.mqttConnected ? "up" : "down"}</span> / <span className={cn(w.isAlive && !w.stats.dbConnected && "font-semibold text-red-700")}>{w.stats.dbConnected ? "up" : "down"}</span>
                  </td>
                  <td className="px-4 py-2 tabular-nums">{formatNumber(w.stats.messagesPerSecond, 0)}</td>
                  <td className="px-4 py-2 tabular-nums">{formatNumber(w.stats.rowsPerSecond, 0)}</td>
                  <td className="px-4 py-2 tabular-nums">{w.stats.batchLatencyP50Ms === null ? "–" : `${formatNumber(w.stats.batchLatencyP50Ms, 0)} / ${formatNumber(w.stats.batchLatencyP99Ms ?? 0, 0)} ms`}</td>
                  <td className="px-4 py-2 tabular-nums">{w.stats.inFlight}</td>
                  <td className={cn("px-4 py-2 whitespace-nowrap tabular-nums", w.stalledReason && "font-semibold text-red-700")}>{w.stats.oldestUnackedSeconds == null ? "–" : `${formatNumber(w.stats.oldestUnackedSeconds, 0)} s`}</td>
                  <td className={cn("px-4 py-2 tabular-nums", (w.stats.consecutiveFailedWrites ?? 0) > 0 && "font-semibold text-red-700")}>{w.stats.consecutiveFailedWrites ?? "–"}</td>
                  <td className="px-4 py-2 whitespace-nowrap tabular-nums">{w.stats.lastCommitAt ? formatDateTime(new Date(w.stats.lastCommitAt), timeZone) : "never"}</td>
                  <td className="px-4 py-2 tabular-nums">{w.stats.deadLettersTotal}</td>
                  <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatDateTime(w.heartbeatAt, timeZone)}</td>
                </tr>
                {w.stalledReason && (
                  <tr className="bg-red-50">
                    <td colSpan={12} className="px-4 pb-3 text-sm text-red-800">Why: {w.stalledReason}</td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {data.workers.length === 0 && <p className="px-4 py-6 text-sm text-slate-500">No worker has reported yet. Start one with npm run worker.</p>}
      </section>

      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="stations" className="rounded-lg border border-slate-200 bg-white">
          <h2 id="stations" className="border-b border-slate-100 px-4 py-3 font-semibold">Last message per station</h2>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-1 p-4 text-sm sm:grid-cols-3">
            {data.stations.map((s) => (
              <li key={s.id} className="flex justify-between gap-2">
                <span className="font-mono text-xs">{s.code}</span>
                <span className={cn("tabular-nums text-xs", s.isSilent ? "text-red-700" : "text-slate-600")}>{s.lastMessageAt ? formatDateTime(s.lastMessageAt, timeZone) : "never"}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="dead-letters" className="rounded-lg border border-slate-200 bg-white">
          <h2 id="dead-letters" className="border-b border-slate-100 px-4 py-3 font-semibold">Dead letters ({formatNumber(data.deadLetters.total, 0)} in all)</h2>
          {data.deadLetters.recent.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">None: every message was ingested.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.deadLetters.recent.map((d) => (
                <li key={d.id} className="px-4 py-2">
                  <div className="flex justify-between gap-2"><span className="font-mono text-xs break-all">{d.topic}</span><span className="text-xs whitespace-nowrap text-slate-500">{formatDateTime(d.receivedAt, timeZone)}</span></div>
                  <div className="text-red-800">{d.error}</div>
                  <div className="truncate font-mono text-xs text-slate-500">{d.payload}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
