import { FileSearch } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { EmptyState } from "@/components/ui/empty-state";
import type { RouterOutputs } from "@/server/api/root";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

import { ageInDays, effectivityLabels, formatDay } from "./format";
import { PriorityLabel, StatusBadge } from "./status-badge";

function Empty({ what }: { what: string }) {
  return (
    <EmptyState icon={FileSearch} title={`No ${what} match these filters`} className="rounded-lg border border-dashed border-slate-300 bg-white" action={<Link href="/changes" className="text-sm text-sky-700 hover:underline">Clear the filters</Link>} />
  );
}

/** The frame both lists share: caption, header row, striped body. */
function ChangeTable({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  return (
    <Table caption={caption} isFramed>
        <TableHeader>
          <TableRow>
            {headers.map((h) => (
              <TableHead key={h}>
                {h}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
  );
}

/** Number (linked), title and parts: the first three cells of either list. */
function LeadingCells({ href, number, title, parts }: { href: string; number: string; title: string; parts: string[] }) {
  return (
    <>
      <TableCell className="font-mono whitespace-nowrap">
        <Link href={href} className="text-sky-700 hover:underline">
          {number}
        </Link>
      </TableCell>
      <TableCell className="min-w-56">{title}</TableCell>
      <TableCell className="font-mono text-xs">{parts.join(", ") || "–"}</TableCell>
    </>
  );
}

export function EcrTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecrs"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change requests" />;
  return (
    <ChangeTable caption="Change requests" headers={["Number", "Title", "Parts", "Priority", "State", "Requester", "Raised"]}>
      {rows.map((e) => (
        <TableRow key={e.id} className="hover:bg-slate-50">
          <LeadingCells href={`/changes/ecrs/${e.number}`} number={e.number} title={e.title} parts={e.parts} />
          <TableCell>
            <PriorityLabel priority={e.priority} />
          </TableCell>
          <TableCell>
            <StatusBadge status={e.status} />
          </TableCell>
          <TableCell className="whitespace-nowrap">{e.requester}</TableCell>
          <TableCell className="whitespace-nowrap" title={formatDay(e.createdAt, timeZone)}>
            {ageInDays(e.createdAt)} d ago
          </TableCell>
        </TableRow>
      ))}
    </ChangeTable>
  );
}

export function EcoTable({ rows, timeZone }: { rows: RouterOutputs["changes"]["ecos"]; timeZone: string }) {
  if (rows.length === 0) return <Empty what="change orders" />;
  return (
    <ChangeTable caption="Change orders" headers={["Number", "Title", "Parts", "State", "Effectivity", "Author", "Released"]}>
      {rows.map((e) => (
        <TableRow key={e.id} className="hover:bg-slate-50">
          <LeadingCells href={`/changes/ecos/${e.number}`} number={e.number} title={e.title} parts={e.parts} />
          <TableCell>
            <StatusBadge status={e.status} />
          </TableCell>
          <TableCell className="whitespace-nowrap">
            {effectivityLabels[e.effectivity]} <span className="font-mono">{e.effectivityValue}</span>
          </TableCell>
          <TableCell className="whitespace-nowrap">{e.author}</TableCell>
          <TableCell className="whitespace-nowrap">{e.releasedAt ? formatDay(e.releasedAt, timeZone) : "–"}</TableCell>
        </TableRow>
      ))}
    </ChangeTable>
  );
}
