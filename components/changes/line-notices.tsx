import { Megaphone } from "lucide-react";
import Link from "next/link";

import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";

import { AcknowledgeNoticeButton } from "./acknowledge-notice-button";
import { formatStamp } from "./format";

/** Released changes that reached a line's work orders, until a supervisor acknowledges them. */
export async function LineNotices({ lineCode }: { lineCode?: string }) {
  const user = await requireUser();
  const api = await caller();
  const [notices, timeZone] = await Promise.all([api.changes.lineNotices({ lineCode }), api.changes.timeZone()]);
  if (notices.length === 0) return null;
  const canAcknowledge = can(user.role, "changeWorkOrders");
  return (
    <section aria-label="Change notices" className="mb-4 space-y-2">
      {notices.map((n) => (
        <div key={n.id} role="status" className="flex flex-wrap items-start gap-3 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
          <Megaphone className="mt-0.5 size-4 shrink-0 text-sky-700" aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <div className="font-medium">
              {n.lineName} · {n.ecoNumber ? <Link href={`/changes/ecos/${n.ecoNumber}`} className="underline">{n.ecoNumber}</Link> : "change notice"} · {formatStamp(n.createdAt, timeZone)}
            </div>
            <p>{n.message}</p>
          </div>
          {canAcknowledge && <AcknowledgeNoticeButton id={n.id} />}
        </div>
      ))}
    </section>
  );
}
