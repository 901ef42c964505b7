import type { Metadata } from "next";
import Link from "next/link";

import { formatStamp } from "@/components/changes/format";
import { loadOrNotFound } from "@/components/changes/load";
import { StatusBadge } from "@/components/changes/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

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
  return (
    <>
      <PageHeader title={`${part.partNumber} · ${part.name}`} description={`Every revision, which change order made it and when. ${part.makeBuy === "make" ? "Made in house." : "Bought part."}`} />
      <Table caption={<>Revisions of {part.partNumber}</>} isFramed>
          <TableHeader columns={["Rev", "Status", "Description", "Drafted in", "Released by", "Released", "Superseded by", { label: "Units", align: "right" }, "Open work orders"]} />
          <TableBody>
            {part.revisions.map((r) => (
              <TableRow key={r.id}>
                <TableCell className="font-mono font-semibold">{r.revision}</TableCell>
                <TableCell>
                  <StatusBadge status={r.status} />
                </TableCell>
                <TableCell className="min-w-48">{r.description ?? "–"}</TableCell>
                <TableCell>
                  <EcoLink number={r.draftedIn} />
                </TableCell>
                <TableCell>{r.releasedBy ? <EcoLink number={r.releasedBy} /> : r.releasedAt ? <span className="text-xs text-slate-500">before change control</span> : <EcoLink number={null} />}</TableCell>
                <TableCell className="whitespace-nowrap">{r.releasedAt ? formatStamp(r.releasedAt, timeZone) : "–"}</TableCell>
                <TableCell>
                  <EcoLink number={r.supersededBy} />
                </TableCell>
                <TableCell align="right">{r.units.toLocaleString("en")}</TableCell>
                <TableCell className="font-mono text-xs">{r.openWorkOrders.join(", ") || "–"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
    </>
  );
}
