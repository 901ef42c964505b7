import Link from "next/link";
import type { ReactNode } from "react";

import type { RouterOutputs } from "@/server/api/root";

import { ageInDays, effectivityLabels, formatDay } from "./format";
import { PriorityLabel, StatusBadge } from "./status-badge";

const th = "px-3 py-2 font-medium";
const td = "px-3 py-2 align-top";

function Empty({ what }: { what: string }) {
  return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No {what} match these filters.</p>;
}

/** The frame both lists share: caption, header row, striped body. */
function ChangeTable({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            {headers.map((h) => (
              <th key={h} className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** Number (linked), title and parts: the first three cells of either list. */
function LeadingCells({ href, number, title, parts }: { href: string; number: string; title: string; parts: string[] }) {
  return (
    <>
      <td className={`${td} font-mono whitespace-nowrap`}>
        <Link href={href} className="text-sky-700 hover:underline">
          {number}
        </Link>
      </td>
      <td className={`${td} min-w-56`}>{title}</td>
      <td className={`${td} font-mono text-xs`}>{parts.join(", ") || "–"}</td>
    </>
  );
}

export function EcrTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecrs"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change requests" />;
  return (
    <ChangeTable caption="Change requests" headers={["Number", "Title", "Parts", "Priority", "State", "Requester", "Raised"]}>
      {rows.map((e) => (
        <tr key={e.id} className="hover:bg-slate-50">
          <LeadingCells href={`/changes/ecrs/${e.number}`} number={e.number} title={e.title} parts={e.parts} />
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
    </ChangeTable>
  );
}

export function EcoTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecos"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change orders" />;
  return (
    <ChangeTable caption="Change orders" headers={["Number", "Title", "Parts", "State", "Effectivity", "Author", "Released"]}>
      {rows.map((e) => (
        <tr key={e.id} className="hover:bg-slate-50">
          <LeadingCells href={`/changes/ecos/${e.number}`} number={e.number} title={e.title} parts={e.parts} />
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
    </ChangeTable>
  );
}
