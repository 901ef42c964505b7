"use client";

import { useMutation } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import type { AuditFindingLevel } from "@/server/audit/verify";

const levels: Record<AuditFindingLevel, { label: string; className: string }> = {
  ok: { label: "OK", className: "bg-green-100 text-green-800" },
  note: { label: "Note", className: "bg-slate-100 text-slate-700" },
  warning: { label: "Warning", className: "bg-amber-100 text-amber-900" },
  problem: { label: "Problem", className: "bg-red-100 text-red-800" },
};

export function AuditVerification() {
  const trpc = useTRPC();
  const verify = useMutation(trpc.admin.verifyAudit.mutationOptions());
  const result = verify.data;
  return (
    <div className="space-y-3">
      <button
        type="button"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {verify.isPending ? "Verifying…" : "Verify audit chain"}
      </button>
      {verify.error && <p role="alert" className="text-sm text-red-700">{verify.error.message}</p>}
      {result && (
        <div role={result.ok ? "status" : "alert"} aria-label="Audit chain verification" className="space-y-2">
          <p className={cn("text-sm font-semibold", result.ok ? "text-green-800" : "text-red-700")}>
            {result.ok ? `Chain verified: ${result.checked.toLocaleString()} entries.` : "Chain broken: see the problems below."}
          </p>
          <ul className="space-y-1.5 text-sm">
            {result.findings.map((finding) => (
              <li key={finding.text} className="flex items-start gap-2">
                <span className={cn("mt-0.5 w-16 shrink-0 rounded px-1.5 py-0.5 text-center text-xs font-medium", levels[finding.level].className)}>{levels[finding.level].label}</span>
                <span className="break-words [overflow-wrap:anywhere]">{finding.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
