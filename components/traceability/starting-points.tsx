import { CircleCheck, PackageCheck, ScanLine } from "lucide-react";
import Link from "next/link";

import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

import { formatDateTime, lotPath, unitPath } from "./format";
import { StatusBadge } from "./status-badge";

type Start = RouterOutputs["traceability"]["start"];
type Unit = Start["recentUnits"][number];

function HoldCell({ reason, heldBy, heldAt, heldLot, timeZone }: { reason: string | null; heldBy: string | null; heldAt: Date | null; heldLot?: string | null; timeZone: string }) {
  if (!heldBy)
    return (
      <TableCell className="text-slate-600">
        {heldLot ? (
          <>
            with lot{" "}
            <Link href={lotPath(heldLot)} className="font-mono text-sky-700 hover:underline">
              {heldLot}
            </Link>
          </>
        ) : (
          "–"
        )}
      </TableCell>
    );
  return (
    <TableCell>
      {reason}
      <div className="text-xs text-slate-500">
        {heldBy}, {formatDateTime(heldAt, timeZone)}
      </div>
    </TableCell>
  );
}

/** Units with part, work order and status; `isHeld` swaps the finish time for the hold's reason. */
function UnitsTable({ caption, rows, isHeld, timeZone }: { caption: string; rows: Unit[]; isHeld: boolean; timeZone: string }) {
  return (
    <Table caption={caption}>
      <TableHeader>
        <TableRow>
          <TableHead>Serial</TableHead>
          <TableHead>Part</TableHead>
          <TableHead>Work order</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>{isHeld ? "Hold" : "Finished"}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((u) => (
          <TableRow key={u.serial}>
            <TableCell>
              <Link href={unitPath(u.serial)} className="font-mono text-sky-700 hover:underline">
                {u.serial}
              </Link>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {u.partNumber} rev {u.revision}
            </TableCell>
            <TableCell className="font-mono text-xs">{u.workOrder ?? "–"}</TableCell>
            <TableCell>
              <StatusBadge status={u.status} />
            </TableCell>
            {isHeld ? <HoldCell {...u} timeZone={timeZone} /> : <TableCell className="whitespace-nowrap">{formatDateTime(u.completedAt, timeZone)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What the traceability page offers before anything is searched: open holds first, then the newest units. */
export function StartingPoints({ start }: { start: Start }) {
  const { timeZone, heldLots, heldUnits, recentUnits } = start;
  return (
    <div className="grid gap-4 2xl:grid-cols-2">
      <Card title="Lots on hold" description={heldLots.length > 0 ? `${heldLots.length} lot${heldLots.length === 1 ? "" : "s"}: open one for every unit that contains it` : undefined} isFlush>
        {heldLots.length === 0 ? (
          <EmptyState icon={PackageCheck} title="No lot is on hold">A lot goes on hold from its where-used page, with every unit that contains it.</EmptyState>
        ) : (
          <Table caption="Lots on hold">
            <TableHeader columns={["Lot", "Part", "Supplier", "Hold"]} />
            <TableBody>
              {heldLots.map((l) => (
                <TableRow key={l.lotNumber}>
                  <TableCell>
                    <Link href={lotPath(l.lotNumber)} className="font-mono text-sky-700 hover:underline">
                      {l.lotNumber}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <span className="font-mono text-xs">{l.partNumber}</span> <span className="text-slate-600">{l.partName}</span>
                  </TableCell>
                  <TableCell>{l.supplier ?? "–"}</TableCell>
                  <HoldCell {...l} timeZone={timeZone} />
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <Card title="Units on hold" description={heldUnits.total > heldUnits.rows.length ? `The newest ${heldUnits.rows.length} of ${heldUnits.total.toLocaleString("en")}` : undefined} isFlush>
        {heldUnits.rows.length === 0 ? <EmptyState icon={CircleCheck} title="No unit is on hold">Units put on hold, alone or with a lot, are listed here until they are released.</EmptyState> : <UnitsTable caption="Units on hold" rows={heldUnits.rows} isHeld timeZone={timeZone} />}
      </Card>
      <Card title="Recently finished units" className="2xl:col-span-2" isFlush>
        {recentUnits.length === 0 ? <EmptyState icon={ScanLine} title="No unit has been finished yet">Finished units appear here as the lines report them; search for a unit in progress above.</EmptyState> : <UnitsTable caption="Recently finished units" rows={recentUnits} isHeld={false} timeZone={timeZone} />}
      </Card>
    </div>
  );
}
