"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";

/** Every hold and release of a unit or lot, from the audit log (docs/holds.md). */
export function HoldHistory({ origin, timeZone }: { origin: { lotNumber: string } | { serial: string }; timeZone: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.traceability.holdHistory.queryOptions({ origin }));
  if (!data?.length) return null;
  return (
    <Card title="Hold history">
      <ol className="divide-y divide-slate-100 text-sm">
        {data.map((entry, index) => (
          <li key={index} className="flex flex-wrap gap-x-3 px-4 py-2">
            <span className={entry.isRelease ? "font-semibold text-green-800" : "font-semibold text-amber-800"}>{entry.isRelease ? "Released" : "Put on hold"}</span>
            {entry.through && <span className="text-slate-600">with {entry.through}</span>}
            <span className="text-slate-600">{formatDateTime(entry.at, timeZone)}</span>
            <span>{entry.actor}</span>
            {entry.meaning && <span className="text-slate-600">signed: {entry.meaning}</span>}
            {entry.reason && <span className="basis-full text-slate-700">{entry.reason}</span>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
