"use client";

import { useMutation } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { AuditFindingLevel } from "@/server/audit/verify";

const levels: Record<AuditFindingLevel, { label: string; tone: BadgeTone }> = {
  ok: { label: "OK", tone: "success" },
  note: { label: "Note", tone: "neutral" },
  warning: { label: "Warning", tone: "warning" },
  problem: { label: "Problem", tone: "danger" },
};

export function AuditVerification() {
  const trpc = useTRPC();
  const verify = useMutation(trpc.admin.verifyAudit.mutationOptions());
  const result = verify.data;
  return (
    <div className="space-y-3">
      <Button onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? "Verifying…" : "Verify audit chain"}
      </Button>
      {verify.error && (
        <p role="alert" className="text-sm text-red-700">
          {verify.error.message}
        </p>
      )}
      {result && (
        <div role={result.ok ? "status" : "alert"} aria-label="Audit chain verification" className="space-y-2">
          <p className={cn("text-sm font-semibold", result.ok ? "text-green-800" : "text-red-700")}>{result.ok ? `Chain verified: ${result.checked.toLocaleString()} entries.` : "Chain broken: see the problems below."}</p>
          <ul className="space-y-1.5 text-sm">
            {result.findings.map((finding) => (
              <li key={finding.text} className="flex items-start gap-2">
                <Badge tone={levels[finding.level].tone} className="mt-0.5 w-16 shrink-0 justify-center">
                  {levels[finding.level].label}
                </Badge>
                <span className="break-words [overflow-wrap:anywhere]">{finding.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
