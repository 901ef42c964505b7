import type { Metadata } from "next";
import Link from "next/link";

import { formatStamp } from "@/components/changes/format";
import { loadOrNotFound } from "@/components/changes/load";
import { StatusBadge } from "@/components/changes/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

export async function generateMetadata({ params }: { params: Promise<{ partNumber: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).partNumber)} revisions` };
}

const EcoLink = ({ number }: { number: string | null }) =>
  number ? (
    <Link href={`/changes/ecos/${number}`} className="font-mono whitespace-nowrap text-sky-700 hover:underline">
      {number}
    </Link>
  ) : (
    <span className="text-slate-400">–</span>
  );

export default async function PartHistoryPage({ params }: { params: Promise<{ partNumber: string }> }) {
  await requireUser();
  const api = await caller();
  const partNumber = decodeURIComponent((await params).partNumber);
  const part = await loadOrNotFound(() => api.changes.partHistory({ partNumber }));
  const timeZone = await api.changes.timeZone();
  const th = "px-3 py-2 font-medium";
  const td = "px-3 py-2 align-top";
  return (
    <>
      <PageHeader title={`${part.partNumber} · ${part.name}`} description={`Every revision, which change order made it and when. ${part.makeBuy === "make" ? "Made in house." : "Bought part."}`} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Revisions of {part.partNumber}</caption>
          <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
            <tr>
              <th className={th}>Rev</th>
              <th className={th}>Status</th>
              <th className={th}>Description</th>
              <th className={th}>Drafted in</th>
              <th className={th}>Released by</th>
              <th className={th}>Released</th>
              <th className={th}>Superseded by</th>
              <th className={`${th} text-right`}>Units</th>
              <th className={th}>Open work orders</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {part.revisions.map((r) => (
              <tr key={r.id}>
                <td className={`${td} font-mono font-semibold`}>{r.revision}</td>
                <td className={td}>
                  <StatusBadge status={r.status} />
                </td>
                <td className={`${td} min-w-48`}>{r.description ?? "–"}</td>
                <td className={td}>
                  <EcoLink number={r.draftedIn} />
                </td>
                <td className={td}>{r.releasedBy ? <EcoLink number={r.releasedBy} /> : r.releasedAt ? <span className="text-xs text-slate-500">before change control</span> : <EcoLink number={null} />}</td>
                <td className={`${td} whitespace-nowrap`}>{r.releasedAt ? formatStamp(r.releasedAt, timeZone) : "–"}</td>
                <td className={td}>
                  <EcoLink number={r.supersededBy} />
                </td>
                <td className={`${td} text-right tabular-nums`}>{r.units.toLocaleString("en")}</td>
                <td className={`${td} font-mono text-xs`}>{r.openWorkOrders.join(", ") || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
