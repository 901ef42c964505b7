import { CheckCircle2, CircleDashed, XCircle } from "lucide-react";

import { roleLabels } from "@/server/auth/roles";
import type { RouterOutputs } from "@/server/api/root";

import { formatStamp } from "./format";

type Eco = RouterOutputs["changes"]["eco"];

/** Required roles with their current signature, then every signature ever given, voided ones struck through. */
export function BoardPanel({ eco, timeZone }: { eco: Eco; timeZone: string }) {
  return (
    <div className="space-y-3">
      <ul className="space-y-1.5 text-sm">
        {eco.board.map(({ role, signature }) => (
          <li key={role} className="flex items-center gap-2">
            {signature ? <CheckCircle2 className="size-4 text-green-700" aria-hidden="true" /> : <CircleDashed className="size-4 text-slate-400" aria-hidden="true" />}
            <span className="font-medium">{roleLabels[role]}</span>
            <span className="text-slate-600">{signature ? `${signature.signerName}, ${formatStamp(signature.signedAt, timeZone)}` : eco.status === "cancelled" ? "not signed" : "awaiting signature"}</span>
          </li>
        ))}
      </ul>
      {eco.signatures.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold text-slate-500 uppercase">Signatures</h3>
          <ol className="divide-y divide-slate-100 text-xs" aria-label="Signatures">
            {eco.signatures.map((s) => (
              <li key={s.id} className={s.voidedAt ? "py-1.5 text-slate-400" : "py-1.5"} title={s.voidedAt ? `Voided ${formatStamp(s.voidedAt, timeZone)}: the order changed after signing` : undefined}>
                <div className="flex flex-wrap items-center gap-x-2">
                  {s.decision === "rejected" ? <XCircle className="size-3.5 text-red-700" aria-hidden="true" /> : <CheckCircle2 className="size-3.5 text-green-700" aria-hidden="true" />}
                  <span className={s.voidedAt ? "font-medium line-through" : "font-medium"}>
                    {s.signerName} ({roleLabels[s.role]})
                  </span>
                  <span>“{s.meaning}”</span>
                  {s.voidedAt && <span className="font-medium text-amber-700">voided</span>}
                </div>
                <div className="text-slate-500">
                  {formatStamp(s.signedAt, timeZone)} · <span className="font-mono" title={s.contentHash}>{s.contentHash.slice(0, 16)}…</span>
                </div>
                {s.comment && <div className="text-slate-700">“{s.comment}”</div>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
