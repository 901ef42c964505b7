import type { RouterOutputs } from "@/server/api/root";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

import { formatDay } from "./format";

type Effect = NonNullable<RouterOutputs["changes"]["effect"]>;
type Window = Effect["parts"][number]["before"];

const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);

function Bar({ value, tone }: { value: number | null; tone: string }) {
  return (
    <div className="h-2 w-full rounded bg-slate-100" aria-hidden="true">
      <div className={`h-2 rounded ${tone}`} style={{ width: `${Math.min(100, (value ?? 0) * 100)}%` }} />
    </div>
  );
}

function Delta({ before, after, isHigherBetter }: { before: number | null; after: number | null; isHigherBetter: boolean }) {
  if (before === null || after === null) return <span className="text-slate-500">–</span>;
  const points = (after - before) * 100;
  const isBetter = isHigherBetter ? points > 0 : points < 0;
  const tone = Math.abs(points) < 0.05 ? "text-slate-600" : isBetter ? "text-green-700" : "text-red-700";
  return <span className={`font-medium ${tone}`}>{`${points >= 0 ? "+" : ""}${points.toFixed(1)} pts`}</span>;
}

function WindowCell({ w, timeZone }: { w: Window; timeZone: string }) {
  return (
    <span className="text-xs text-slate-500">
      {formatDay(w.from, timeZone)} – {formatDay(w.to, timeZone)} · {w.finished} finished{w.inProgress ? `, ${w.inProgress} in progress` : ""}
    </span>
  );
}

/** "Did it work?": first-pass yield and scrap, the same length of time before and after effectivity. */
export function EffectPanel({ effect, timeZone }: { effect: Effect; timeZone: string }) {
  return (
    <Card title="Did it work?">
      {effect.parts.length === 0 ? (
        <p className="text-sm text-slate-600">{effect.effectiveFrom ? `Takes effect ${formatDay(effect.effectiveFrom, timeZone)}; no units built under it yet.` : "No units built under this change yet."}</p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">
            Units started in {Math.max(1, Math.round(effect.windowDays ?? 0))} day(s) before and after effectivity ({effect.effectiveFrom ? formatDay(effect.effectiveFrom, timeZone) : "–"}). First pass: every operation passed at the first attempt.
          </p>
          {effect.parts.map((p) => (
            <Table key={p.partNumber} caption={p.partNumber} isCaptionVisible tableClassName="min-w-[32rem]">
                <TableHeader columns={["Measure", "Before", "After", "Change"]} />
                <TableBody>
                  <TableRow>
                    <TableHead scope="row">First-pass yield</TableHead>
                    <TableCell>
                      {percent(p.before.firstPassYield)} <Bar value={p.before.firstPassYield} tone="bg-slate-400" />
                    </TableCell>
                    <TableCell>
                      {percent(p.after.firstPassYield)} <Bar value={p.after.firstPassYield} tone="bg-sky-600" />
                    </TableCell>
                    <TableCell>
                      <Delta before={p.before.firstPassYield} after={p.after.firstPassYield} isHigherBetter />
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableHead scope="row">Scrap ratio</TableHead>
                    <TableCell>
                      {percent(p.before.scrapRatio)} <Bar value={p.before.scrapRatio} tone="bg-slate-400" />
                    </TableCell>
                    <TableCell>
                      {percent(p.after.scrapRatio)} <Bar value={p.after.scrapRatio} tone="bg-red-500" />
                    </TableCell>
                    <TableCell>
                      <Delta before={p.before.scrapRatio} after={p.after.scrapRatio} isHigherBetter={false} />
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableHead scope="row">Window</TableHead>
                    <TableCell>
                      <WindowCell w={p.before} timeZone={timeZone} />
                    </TableCell>
                    <TableCell>
                      <WindowCell w={p.after} timeZone={timeZone} />
                    </TableCell>
                    <TableCell/>
                  </TableRow>
                </TableBody>
              </Table>
          ))}
        </>
      )}
    </Card>
  );
}
