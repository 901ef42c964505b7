import { FileSignature, Inbox } from "lucide-react";
import Link from "next/link";

import { roleLabels } from "@/server/auth/roles";
import type { RouterOutputs } from "@/server/api/root";
import { Card } from "@/components/ui/card";


export function WaitingForMe({ waiting }: { waiting: RouterOutputs["changes"]["waitingForMe"] }) {
  const count = waiting.ecos.length + waiting.ecrs.length;
  return (
    <Card title={<><Inbox className="size-4 text-slate-500" aria-hidden="true" /> Waiting for me <span className="text-sm font-normal text-slate-500">({count})</span></>}>
      {count === 0 ? (
        <p className="text-sm text-slate-600">Nothing waits for your signature or review.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {waiting.ecos.map((e) => (
            <li key={e.number} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <FileSignature className="size-4 text-amber-600" aria-hidden="true" />
              <Link href={`/changes/ecos/${e.number}`} className="font-mono text-sky-700 hover:underline">
                {e.number}
              </Link>
              <span className="min-w-0 flex-1">{e.title}</span>
              <span className="text-xs text-slate-600">needs signature: {e.missing.map((r) => roleLabels[r]).join(", ")}</span>
            </li>
          ))}
          {waiting.ecrs.map((e) => (
            <li key={e.number} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Inbox className="size-4 text-sky-600" aria-hidden="true" />
              <Link href={`/changes/ecrs/${e.number}`} className="font-mono text-sky-700 hover:underline">
                {e.number}
              </Link>
              <span className="min-w-0 flex-1">{e.title}</span>
              <span className="text-xs text-slate-600">{e.status === "submitted" ? "to review" : "in your review"}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
