import Link from "next/link";

import type { RouterOutputs } from "@/server/api/root";
import { Card } from "@/components/ui/card";

import { formatStamp } from "./format";

/** What the release will touch, computed from the effectivity before anyone signs. */
export function ImpactPanel({ impact, isReleased, timeZone }: { impact: RouterOutputs["changes"]["impact"]; isReleased: boolean; timeZone: string }) {
  return (
    <Card title={<>Impact {isReleased ? "(now, after release)" : "before release"}</>}>
      {impact.length === 0 && <p className="text-sm text-slate-600">No part revisions in this order yet.</p>}
      {impact.map((p) => (
        <div key={p.partNumber} className="mt-2 space-y-2 text-sm">
          <h3 className="font-medium">
            {p.partNumber} → rev {p.toRevision}
          </h3>
          <div>
            <div className="text-slate-600">Open work orders switching to rev {p.toRevision}: {p.workOrders.length}</div>
            {p.workOrders.length > 0 && (
              <ul className="mt-1 space-y-0.5">
                {p.workOrders.map((w) => (
                  <li key={w.id} className="flex flex-wrap gap-x-2">
                    <span className="font-mono">{w.number}</span>
                    <span className="text-slate-600">
                      rev {w.revision} · {w.status.replace("_", " ")} · {w.lineCode} · {w.units} unit(s){w.plannedStart ? ` · starts ${formatStamp(w.plannedStart, timeZone)}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <div className="text-slate-600">Units in progress to flag for disposition: {p.unitsInProgress.length}</div>
            {p.unitsInProgress.length > 0 && (
              <p className="mt-1 font-mono text-xs">
                {p.unitsInProgress.map((u, i) => (
                  <span key={u.id}>
                    {i > 0 && ", "}
                    <Link href={`/traceability/units/${u.serial}`} className="text-sky-700 hover:underline">
                      {u.serial}
                    </Link>
                  </span>
                ))}
              </p>
            )}
          </div>
          <div>
            <div className="text-slate-600">Finished units built to the old revision under this effectivity: {p.finishedUnits.count}</div>
            {p.finishedUnits.count > 0 && (
              <p className="mt-1 font-mono text-xs">
                {p.finishedUnits.sample.join(", ")}
                {p.finishedUnits.count > p.finishedUnits.sample.length && ` … and ${p.finishedUnits.count - p.finishedUnits.sample.length} more`}
              </p>
            )}
          </div>
        </div>
      ))}
    </Card>
  );
}
