import type { RouterOutputs } from "@/server/api/root";
import { Card } from "@/components/ui/card";

import { formatStamp } from "./format";

const labels: Record<string, string> = {
  "ecr.created": "raised the request",
  "ecr.edited": "edited the request",
  "ecr.submitted": "submitted it for review",
  "ecr.in_review": "took it into review",
  "ecr.approved": "approved it",
  "ecr.rejected": "rejected it",
  "ecr.attachment_added": "attached",
  "ecr.attachment_removed": "removed the file",
  "eco.created": "wrote the order",
  "eco.edited": "edited the order",
  "eco.submitted": "submitted it for review",
  "eco.signed": "signed",
  "eco.released": "released it",
  "eco.cancelled": "cancelled it",
};

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

function detail(entry: { action: string; data: Record<string, unknown> }) {
  const d = entry.data;
  if (entry.action === "eco.signed") return `${str(d.meaning ?? d.decision)}${d.comment ? `: “${str(d.comment)}”` : ""}`;
  if (entry.action === "eco.edited") {
    const voided = Array.isArray(d.voidedSignatures) ? d.voidedSignatures.length : 0;
    return `${str(d.what)}${voided ? `; ${voided} signature(s) voided` : ""}`;
  }
  if (entry.action === "ecr.attachment_added" || entry.action === "ecr.attachment_removed") return `${str(d.fileName)} (SHA-256 ${str(d.sha256).slice(0, 12)}…)`;
  if (entry.action === "eco.cancelled") return `“${str(d.reason)}”`;
  if (typeof d.comment === "string" && d.comment) return `“${d.comment}”`;
  return "";
}

/** The record's own lines from the hash-chained audit log. */
export function AuditHistory({ entries, timeZone }: { entries: RouterOutputs["changes"]["eco"]["history"]; timeZone: string }) {
  return (
    <Card title="History">
      {entries.length === 0 && <p className="text-sm text-slate-600">No entries in the audit log for this record.</p>}
      <ol className="space-y-1.5 text-sm">
        {entries.map((e) => (
          <li key={e.seq} className="grid grid-cols-[9.5rem_1fr] gap-2">
            <time className="text-slate-500 tabular-nums" dateTime={e.at.toISOString()}>
              {formatStamp(e.at, timeZone)}
            </time>
            <span>
              <span className="font-medium">{e.actor}</span> {labels[e.action] ?? e.action} <span className="text-slate-600">{detail(e)}</span>
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
