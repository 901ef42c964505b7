"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Factory } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

import { EquipmentForm, type EquipmentDraft, type EquipmentKind } from "./equipment-form";

type Equipment = RouterOutputs["equipment"]["tree"];

interface TreeRow {
  kind: EquipmentKind;
  id: number;
  depth: number;
  code: string;
  name: string;
  settings: string;
  retiredAt: Date | null;
  isPending: boolean;
  values: Record<string, string>;
}

const children: Record<EquipmentKind, EquipmentKind | null> = { site: "area", area: "line", line: "station", station: null };

/** Sites, areas, lines and stations as one indented table, in their order. */
function flatten(e: Equipment): TreeRow[] {
  const rows: TreeRow[] = [];
  for (const site of e.sites) {
    rows.push({ kind: "site", id: site.id, depth: 0, code: site.code, name: site.name, settings: site.timeZone, retiredAt: site.retiredAt, isPending: false, values: { code: site.code, name: site.name, timeZone: site.timeZone } });
    for (const area of e.areas.filter((a) => a.siteId === site.id)) {
      rows.push({ kind: "area", id: area.id, depth: 1, code: area.code, name: area.name, settings: "", retiredAt: area.retiredAt, isPending: false, values: { code: area.code, name: area.name } });
      for (const line of e.lines.filter((l) => l.areaId === area.id)) {
        rows.push({ kind: "line", id: line.id, depth: 2, code: line.code, name: line.name, settings: `target ${line.targetPerHour}/h`, retiredAt: line.retiredAt, isPending: false, values: { code: line.code, name: line.name, targetPerHour: String(line.targetPerHour) } });
        for (const s of e.stations.filter((st) => st.lineId === line.id)) {
          rows.push({
            kind: "station",
            id: s.id,
            depth: 3,
            code: s.code,
            name: s.name,
            settings: `ideal ${s.idealCycleSeconds} s · reports every ${s.expectedIntervalSeconds} s`,
            retiredAt: s.retiredAt,
            isPending: s.acceptedAt === null,
            values: { code: s.code, name: s.name, idealCycleSeconds: String(s.idealCycleSeconds), expectedIntervalSeconds: String(s.expectedIntervalSeconds) },
          });
        }
      }
    }
  }
  return rows;
}

const indent = ["pl-3", "pl-8", "pl-13", "pl-18"];

export function EquipmentTree({ equipment, enterprise }: { equipment: Equipment; enterprise: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<EquipmentDraft | null>(null);
  const [isShowingRetired, setShowingRetired] = useState(false);
  const options = { onSuccess: () => router.refresh() };
  const move = useMutation(trpc.equipment.move.mutationOptions(options));
  const retire = useMutation(trpc.equipment.retire.mutationOptions(options));
  const restore = useMutation(trpc.equipment.restore.mutationOptions(options));
  const error = (move.error ?? retire.error ?? restore.error)?.message;
  const rows = flatten(equipment).filter((r) => isShowingRetired || !r.retiredAt);
  const label = (r: TreeRow) => `${r.kind} ${r.code}`;

  return (
    <div className={cn("grid items-start gap-6", draft && "lg:grid-cols-[minmax(0,1fr)_20rem]")}>
      <Card
        title="Sites, areas, lines and stations"
        description="ISA-95 levels; codes are the levels of MQTT topics. Retired equipment keeps its history and leaves live views and pickers."
        isFlush
        actions={
          <>
            <label className="flex items-center gap-1.5 text-sm text-slate-600">
              <Input type="checkbox" checked={isShowingRetired} onChange={(e) => setShowingRetired(e.target.checked)} />
              Show retired
            </label>
            <Button size="sm" onClick={() => setDraft({ mode: "create", kind: "site", parentId: 0, parentLabel: "", enterprise })}>
              Add site
            </Button>
          </>
        }
      >
        {error && (
          <p role="alert" className="border-b border-slate-100 px-4 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        {rows.length === 0 ? (
          <EmptyState icon={Factory} title="No equipment yet">
            Add a site, then its areas, lines and stations. Stations the ingest worker registers on its own appear for review above.
          </EmptyState>
        ) : (
          <Table caption="Equipment">
            <TableHeader columns={["Equipment", "Settings", "Status", "Actions"]} />
            <TableBody>
              {rows.map((r) => {
                const child = children[r.kind];
                return (
                  <TableRow key={`${r.kind}-${r.id}`} className={cn(r.retiredAt && "text-slate-400", r.depth < 3 && "bg-slate-50/60")}>
                    <TableCell className={indent[r.depth]}>
                      <span className="mr-2 text-xs text-slate-500 uppercase">{r.kind}</span>
                      <span className="font-mono text-xs font-medium">{r.code}</span> <span className={r.depth < 3 ? "font-medium" : undefined}>{r.name}</span>
                    </TableCell>
                    <TableCell className="text-xs whitespace-nowrap text-slate-600">{r.settings}</TableCell>
                    <TableCell>{r.retiredAt ? <Badge tone="muted">Retired</Badge> : r.isPending ? <Badge tone="warning">To review</Badge> : <Badge tone="success">In service</Badge>}</TableCell>
                    <TableCell className="whitespace-nowrap">
                      <span className="inline-flex gap-1">
                        <Button variant="ghost" size="xs" aria-label={`Move ${label(r)} up`} disabled={move.isPending} onClick={() => move.mutate({ kind: r.kind, id: r.id, direction: "up" })}>
                          <ArrowUp className="size-3.5" aria-hidden="true" />
                        </Button>
                        <Button variant="ghost" size="xs" aria-label={`Move ${label(r)} down`} disabled={move.isPending} onClick={() => move.mutate({ kind: r.kind, id: r.id, direction: "down" })}>
                          <ArrowDown className="size-3.5" aria-hidden="true" />
                        </Button>
                        {!r.retiredAt && child && (
                          <Button variant="secondary" size="xs" aria-label={`Add ${child} to ${label(r)}`} onClick={() => setDraft({ mode: "create", kind: child, parentId: r.id, parentLabel: `${r.kind} ${r.code}` })}>
                            Add {child}
                          </Button>
                        )}
                        {r.kind === "line" && !r.retiredAt && (
                          <Link href={`/admin/equipment/lines/${r.id}/calendar`} aria-label={`Shift calendar of ${label(r)}`} className={buttonVariants({ variant: "secondary", size: "xs" })}>
                            Calendar
                          </Link>
                        )}
                        <Button variant="secondary" size="xs" aria-label={`Edit ${label(r)}`} onClick={() => setDraft({ mode: "edit", kind: r.kind, id: r.id, values: r.values })}>
                          Edit
                        </Button>
                        {r.retiredAt ? (
                          <Button variant="secondary" size="xs" aria-label={`Restore ${label(r)}`} disabled={restore.isPending} onClick={() => restore.mutate({ kind: r.kind, id: r.id })}>
                            Restore
                          </Button>
                        ) : (
                          <Button variant="secondary" size="xs" aria-label={`Retire ${label(r)}`} disabled={retire.isPending} onClick={() => retire.mutate({ kind: r.kind, id: r.id })}>
                            Retire
                          </Button>
                        )}
                      </span>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>
      {draft && (
        <div className="lg:sticky lg:top-4">
          <EquipmentForm key={JSON.stringify(draft)} draft={draft} onDone={() => setDraft(null)} />
        </div>
      )}
    </div>
  );
}
