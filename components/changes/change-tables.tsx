import Link from "next/link";

import type { RouterOutputs } from "@/server/api/root";

import { ageInDays, effectivityLabels, formatDay } from "./format";
import { PriorityLabel, StatusBadge } from "./status-badge";

const th = "px-3 py-2 font-medium";
const td = "px-3 py-2 align-top";

function Empty({ what }: { what: string }) {
  return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No {what} match these filters.</p>;
}

export function EcrTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecrs"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change requests" />;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Change requests</caption>
        <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th className={th}>Number</th>
            <th className={th}>Title</th>
            <th className={th}>Parts</th>
            <th className={th}>Priority</th>
            <th className={th}>State</th>
            <th className={th}>Requester</th>
            <th className={th}>Raised</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.id} className="hover:bg-slate-50">
              <td className={`${td} font-mono whitespace-nowrap`}>
                <Link href={`/changes/ecrs/${e.number}`} className="text-sky-700 hover:underline">
                  {e.number}
                </Link>
              </td>
              <td className={`${td} min-w-56`}>{e.title}</td>
              <td className={`${td} font-mono text-xs`}>{e.parts.join(", ") || "–"}</td>
              <td className={td}>
                <PriorityLabel priority={e.priority} />
              </td>
              <td className={td}>
                <StatusBadge status={e.status} />
              </td>
              <td className={`${td} whitespace-nowrap`}>{e.requester}</td>
              <td className={`${td} whitespace-nowrap`} title={formatDay(e.createdAt, timeZone)}>
                {ageInDays(e.createdAt)} d ago
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EcoTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecos"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change orders" />;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Change orders</caption>
        <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th className={th}>Number</th>
            <th className={th}>Title</th>
            <th className={th}>Parts</th>
            <th className={th}>State</th>
            <th className={th}>Effectivity</th>
            <th className={th}>Author</th>
            <th className={th}>Released</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.id} className="hover:bg-slate-50">
              <td className={`${td} font-mono whitespace-nowrap`}>
                <Link href={`/changes/ecos/${e.number}`} className="text-sky-700 hover:underline">
                  {e.number}
                </Link>
              </td>
              <td className={`${td} min-w-56`}>{e.title}</td>
              <td className={`${td} font-mono text-xs`}>{e.parts.join(", ") || "–"}</td>
              <td className={td}>
                <StatusBadge status={e.status} />
              </td>
              <td className={`${td} whitespace-nowrap`}>
                {effectivityLabels[e.effectivity]} <span className="font-mono">{e.effectivityValue}</span>
              </td>
              <td className={`${td} whitespace-nowrap`}>{e.author}</td>
              <td className={`${td} whitespace-nowrap`}>{e.releasedAt ? formatDay(e.releasedAt, timeZone) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
