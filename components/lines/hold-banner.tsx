import { ShieldAlert } from "lucide-react";
import Link from "next/link";

import { formatDateTime } from "@/components/ui/format";
import type { OpenHold as Hold } from "@/server/traceability/hold-alarms";

const recordHref = (hold: Hold) => (hold.heldKind === "lot" ? `/traceability/lots/${encodeURIComponent(hold.heldRef)}` : `/traceability/units/${encodeURIComponent(hold.heldRef)}`);

/** Held material worked on at these stations (docs/holds.md): stays until quality releases the hold or a supervisor clears the alarm. */
export function HoldBanner({ holds, timeZone }: { holds: Hold[]; timeZone: string }) {
  if (!holds.length) return null;
  return (
    <section aria-label="Holds" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <h2 className="flex items-center gap-2 font-semibold">
        <ShieldAlert className="size-5 shrink-0" aria-hidden />
        Held material was worked on: stop and call quality
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {holds.map((hold) => (
          <li key={hold.alarmId}>
            <span className="font-mono font-medium">{hold.stationCode}</span> · {formatDateTime(hold.raisedAt, timeZone)} · {hold.message} ·{" "}
            <Link href={recordHref(hold)} className="font-medium underline">
              {hold.heldKind === "lot" ? "lot" : "unit"} record
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
