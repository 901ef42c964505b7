"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { FileDown, FilePlus2, Network } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { buttonVariants } from "@/components/ui/button";

import { BomComparisonTable } from "./bom-comparison-table";
import { formatDateTime, newEcrPath, unitPath } from "./format";
import { GenealogyTree } from "./genealogy-tree";
import { UnitHoldForm } from "./hold-form";
import { HoldHistory } from "./hold-history";
import { RouteTable } from "./route-table";
import { StatusBadge } from "./status-badge";

function Section({ id, title, children, aside }: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4 space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

const exportHref = (serial: string, format: "pdf" | "json" | "csv") => `/api/traceability/units/${encodeURIComponent(serial)}/export?format=${format}`;

export function AsBuiltRecordView({ serial, canHold, canRaiseEcr }: { serial: string; canHold: boolean; canRaiseEcr: boolean }) {
  const trpc = useTRPC();
  const { data: record } = useSuspenseQuery(trpc.traceability.record.queryOptions({ serial }));
  const { unit, timeZone } = record;
  const outOfLimit = record.steps.flatMap((s) => s.measurements.filter((m) => !m.isPass).map((m) => ({ stepId: s.id, name: m.name })));
  const ecrHref = newEcrPath({
    partNumber: unit.partNumber,
    title: outOfLimit.length ? `${unit.partNumber}: ${outOfLimit.map((m) => m.name).join(", ")} out of limit on ${unit.serial}` : `${unit.partNumber}: issue found on ${unit.serial}`,
    evidence: [`unit:${unit.serial}`, ...outOfLimit.map((m) => `measurement:${m.stepId}:${m.name}`)],
  });

  return (
    <div className="space-y-6">
      <section aria-label="Unit" className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="font-mono text-2xl font-semibold tracking-tight">{unit.serial}</h1>
            <p className="mt-0.5 text-sm text-slate-700">
              <span className="font-semibold">
                {unit.partNumber} rev {unit.revision}
              </span>{" "}
              · {unit.partName}
            </p>
          </div>
          <StatusBadge status={unit.status} className="px-3 py-1 text-sm" />
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm md:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500">Work order</dt>
            <dd className="font-mono">{unit.workOrder ?? "–"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Line</dt>
            <dd>{unit.line ? <Link className="text-sky-700 hover:underline" href={`/lines/${unit.line}`}>{unit.line} · {unit.lineName}</Link> : "–"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Started</dt>
            <dd>{formatDateTime(unit.startedAt, timeZone)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Finished</dt>
            <dd>{formatDateTime(unit.completedAt, timeZone)}</dd>
          </div>
        </dl>
        {unit.needsDisposition && <p className="mt-3 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">A released change reached this unit while it was in progress: it needs a disposition.</p>}
        {record.containedIn.length > 0 && (
          <p className="mt-3 text-sm">
            Installed in:{" "}
            {record.containedIn.map((p, i) => (
              <span key={p.serial}>
                {i > 0 && ", "}
                <Link href={unitPath(p.serial)} className={p.isRemoved ? "font-mono text-slate-500 line-through" : "font-mono text-sky-700 hover:underline"}>
                  {p.serial}
                </Link>{" "}
                <span className="text-slate-500">({p.isRemoved ? "removed" : `level ${p.level}`})</span>
              </span>
            ))}
          </p>
        )}
        <div className="mt-4 flex flex-wrap items-start gap-2 border-t border-slate-100 pt-3">
          <a className={buttonVariants({ variant: "secondary", size: "sm" })} href={exportHref(unit.serial, "pdf")} download>
            <FileDown className="size-4" aria-hidden="true" /> PDF
          </a>
          <a className={buttonVariants({ variant: "secondary", size: "sm" })} href={exportHref(unit.serial, "json")} download>
            <FileDown className="size-4" aria-hidden="true" /> JSON
          </a>
          <a className={buttonVariants({ variant: "secondary", size: "sm" })} href={exportHref(unit.serial, "csv")} download>
            <FileDown className="size-4" aria-hidden="true" /> CSV
          </a>
          <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href={`${unitPath(unit.serial)}/where-used`}>
            <Network className="size-4" aria-hidden="true" /> Where used
          </Link>
          {canRaiseEcr && (
            <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href={ecrHref}>
              <FilePlus2 className="size-4" aria-hidden="true" /> Raise ECR
            </Link>
          )}
          {canHold && (
            <div className="ml-auto">
              <UnitHoldForm serial={unit.serial} status={unit.status} />
            </div>
          )}
        </div>
      </section>

      <HoldHistory origin={{ serial: unit.serial }} timeZone={timeZone} />

      <nav aria-label="Sections" className="flex flex-wrap gap-3 text-sm">
        {[
          ["route", "Route"],
          ["genealogy", "Genealogy"],
          ["design", "As designed vs as built"],
          ["thread", "The thread"],
        ].map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-sky-700 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <Section id="route" title={`Route · ${record.steps.length} steps`} aside={<span className="text-xs text-slate-500">Times in {timeZone}; rework steps marked amber</span>}>
        <RouteTable record={record} />
      </Section>

      <Section id="genealogy" title="Genealogy">
        <GenealogyTree nodes={record.genealogy} timeZone={timeZone} />
      </Section>

      <Section id="design" title={`As designed vs as built (released BOM of ${unit.partNumber}, revision ${unit.revision})`}>
        <BomComparisonTable rows={record.bomComparison} />
      </Section>

      <Section id="thread" title="The thread">
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <h3 className="mb-2 font-medium">Engineering changes for rev {unit.revision}</h3>
            {record.ecos.length === 0 ? (
              <p className="text-slate-600">No ECO introduced or changes this revision.</p>
            ) : (
              <ul className="space-y-1.5">
                {record.ecos.map((eco) => (
                  <li key={eco.number}>
                    <Link href={`/changes/ecos/${eco.number}`} className="font-mono text-sky-700 hover:underline">
                      {eco.number}
                    </Link>{" "}
                    {eco.title} <span className="text-slate-500">({eco.status.replace("_", " ")}; {eco.relation}; effective by {eco.effectivity} {eco.effectivityValue})</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="rounded-lg border border-slate-200 bg-white py-3 text-sm">
            <h3 className="mb-1 px-3 font-medium">Work instructions built with</h3>
            <Table caption="Work instructions built with">
              <TableBody>
                {record.routing.map((op) => (
                  <TableRow key={op.operationCode}>
                    <TableCell className="font-mono text-xs">{op.operationCode}</TableCell>
                    <TableCell>{op.description}</TableCell>
                    <TableCell className="font-mono text-xs whitespace-nowrap">{op.documentNumber ? `${op.documentNumber} rev ${op.documentRevision ?? "?"}` : "–"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      </Section>
    </div>
  );
}
