import { Boxes, ClipboardList, Cpu, Package } from "lucide-react";
import Link from "next/link";

import type { RouterOutputs } from "@/server/api/root";

import { lotPath, unitPath } from "./format";
import { StatusBadge } from "./status-badge";

type Result = RouterOutputs["traceability"]["search"];
type Hit = Result["hits"][number];

const kindLabels = { unit: "Unit", lot: "Lot", workOrder: "Work order", part: "Part" } as const;

function HitRow({ hit }: { hit: Hit }) {
  switch (hit.kind) {
    case "unit":
      return (
        <>
          <Cpu className="size-4 text-slate-400" aria-hidden="true" />
          <Link href={unitPath(hit.serial)} className="font-mono font-medium text-sky-700 hover:underline">
            {hit.serial}
          </Link>
          <span className="text-slate-600">
            {hit.partNumber} rev {hit.revision}
          </span>
          {hit.workOrder && <span className="font-mono text-xs text-slate-500">{hit.workOrder}</span>}
          <StatusBadge status={hit.status} />
        </>
      );
    case "lot":
      return (
        <>
          <Package className="size-4 text-slate-400" aria-hidden="true" />
          <Link href={lotPath(hit.lotNumber)} className="font-mono font-medium text-sky-700 hover:underline">
            {hit.lotNumber}
          </Link>
          <span className="text-slate-600">
            {hit.partNumber} · {hit.partName}
          </span>
          <span className="text-xs text-slate-500">{hit.supplier ?? "–"}</span>
          <StatusBadge status={hit.status} />
        </>
      );
    case "workOrder":
      return (
        <>
          <ClipboardList className="size-4 text-slate-400" aria-hidden="true" />
          <Link href={`/traceability?q=${encodeURIComponent(hit.number)}`} className="font-mono font-medium text-sky-700 hover:underline">
            {hit.number}
          </Link>
          <span className="text-slate-600">
            {hit.partNumber} rev {hit.revision} · line {hit.line} · {hit.units} units · {hit.status.replace("_", " ")}
          </span>
        </>
      );
    case "part":
      return (
        <>
          <Boxes className="size-4 text-slate-400" aria-hidden="true" />
          <Link href={`/traceability?q=${encodeURIComponent(hit.partNumber)}`} className="font-mono font-medium text-sky-700 hover:underline">
            {hit.partNumber}
          </Link>
          <span className="text-slate-600">{hit.name}</span>
          {hit.gtin && <span className="font-mono text-xs text-slate-500">GTIN {hit.gtin}</span>}
        </>
      );
  }
}

const hitKey = (hit: Hit) => `${hit.kind}:${hit.kind === "unit" ? hit.serial : hit.kind === "lot" ? hit.lotNumber : hit.kind === "workOrder" ? hit.number : hit.partNumber}`;

export function SearchResults({ result }: { result: Result }) {
  return (
    <div className="space-y-3">
      {result.gs1 && (
        <section aria-label="Barcode contents" className="max-w-3xl rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <h2 className="mb-1 font-medium">Barcode read as {result.gs1.codeName}</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5">
            {result.gs1.elements.map((e) => (
              <div key={e.ai} className="contents">
                <dt className="text-slate-500">
                  ({e.ai}) {e.title}
                </dt>
                <dd className="font-mono">{e.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {result.message && (
        <p role="status" className="max-w-3xl rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {result.message}
        </p>
      )}
      {result.hits.length > 0 && (
        <ul aria-label="Search results" className="max-w-4xl divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {result.hits.map((hit) => (
            <li key={hitKey(hit)} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <span className="w-20 text-xs text-slate-500">{kindLabels[hit.kind]}</span>
              <HitRow hit={hit} />
              {hit.isExact && <span className="ml-auto text-xs text-slate-500">exact match</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
