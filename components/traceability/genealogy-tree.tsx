import { Boxes, Cpu, Package } from "lucide-react";
import Link from "next/link";

import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";

import { formatDateTime, formatNumber, lotPath, unitPath } from "./format";
import { StatusBadge } from "./status-badge";

type Node = RouterOutputs["traceability"]["record"]["genealogy"][number];

/** Installed components, all levels down, indented by level; removals stay, struck through, with their reason. */
export function GenealogyTree({ nodes, timeZone }: { nodes: Node[]; timeZone: string }) {
  if (nodes.length === 0) return <p className="text-sm text-slate-600">Nothing installed.</p>;
  return (
    <ul aria-label="Genealogy" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
      {nodes.map((node) => {
        const isRemoved = node.removedAt !== null;
        const Icon = node.childSerial ? Cpu : node.lotNumber ? Package : Boxes;
        return (
          <li key={node.installId} aria-level={node.depth} className={cn("flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5 pr-3", isRemoved && "bg-slate-50 text-slate-500")} style={{ paddingLeft: `${0.75 + (node.depth - 1) * 1.5}rem` }}>
            <Icon className="size-4 shrink-0 text-slate-400" aria-hidden="true" />
            <span className={cn("font-mono text-xs", isRemoved && "line-through")}>{node.partNumber}</span>
            <span className={cn("text-slate-600", isRemoved && "line-through")}>{node.partName}</span>
            <span className="text-slate-500">× {formatNumber(node.qty)}</span>
            {node.childSerial && (
              <Link href={unitPath(node.childSerial)} className={cn("font-mono text-sky-700 underline-offset-2 hover:underline", isRemoved && "line-through")}>
                {node.childSerial}
              </Link>
            )}
            {node.childRevision && <span className="text-xs text-slate-500">rev {node.childRevision}</span>}
            {node.childStatus && !isRemoved && <StatusBadge status={node.childStatus} />}
            {node.lotNumber && (
              <>
                <Link href={lotPath(node.lotNumber)} className={cn("font-mono text-sky-700 underline-offset-2 hover:underline", isRemoved && "line-through")}>
                  {node.lotNumber}
                </Link>
                <span className="text-xs text-slate-500">
                  {node.supplier ?? "–"} · received {formatDateTime(node.receivedAt, timeZone)}
                </span>
                {node.lotStatus === "on_hold" && <StatusBadge status="on_hold" />}
              </>
            )}
            <span className="text-xs text-slate-500">
              {node.operationCode ? `${node.operationCode} · ` : ""}
              {formatDateTime(node.installedAt, timeZone)}
            </span>
            {isRemoved && (
              <span className="w-full pl-7 text-xs text-slate-600">
                Removed {formatDateTime(node.removedAt, timeZone)}: {node.removalReason ?? "no reason given"}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
