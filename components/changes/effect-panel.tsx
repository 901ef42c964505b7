import type { RouterOutputs } from "@/server/api/root";

import { cardClass, formatDay } from "./format";

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
    <section aria-labelledby="effect-heading" className={cardClass}>
      <h2 id="effect-heading" className="mb-1 font-semibold">
        Did it work?
      </h2>
      {effect.parts.length === 0 ? (
        <p className="text-sm text-slate-600">{effect.effectiveFrom ? `Takes effect ${formatDay(effect.effectiveFrom, timeZone)}; no units built under it yet.` : "No units built under this change yet."}</p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">
            Units started in {Math.max(1, Math.round(effect.windowDays ?? 0))} day(s) before and after effectivity ({effect.effectiveFrom ? formatDay(effect.effectiveFrom, timeZone) : "–"}). First pass: every operation passed at the first attempt.
          </p>
          {effect.parts.map((p) => (
            <div key={p.partNumber} className="overflow-x-auto">
              <table className="w-full min-w-[32rem] text-left text-sm">
                <caption className="pb-1 text-left font-mono text-xs font-semibold">{p.partNumber}</caption>
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Measure</th>
                    <th className="py-1 pr-3 font-medium">Before</th>
                    <th className="py-1 pr-3 font-medium">After</th>
                    <th className="py-1 font-medium">Change</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  <tr>
                    <th scope="row" className="py-2 pr-3 font-medium">First-pass yield</th>
                    <td className="py-2 pr-3">
                      {percent(p.before.firstPassYield)} <Bar value={p.before.firstPassYield} tone="bg-slate-400" />
                    </td>
                    <td className="py-2 pr-3">
                      {percent(p.after.firstPassYield)} <Bar value={p.after.firstPassYield} tone="bg-sky-600" />
                    </td>
                    <td className="py-2">
                      <Delta before={p.before.firstPassYield} after={p.after.firstPassYield} isHigherBetter />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row" className="py-2 pr-3 font-medium">Scrap ratio</th>
                    <td className="py-2 pr-3">
                      {percent(p.before.scrapRatio)} <Bar value={p.before.scrapRatio} tone="bg-slate-400" />
                    </td>
                    <td className="py-2 pr-3">
                      {percent(p.after.scrapRatio)} <Bar value={p.after.scrapRatio} tone="bg-red-500" />
                    </td>
                    <td className="py-2">
                      <Delta before={p.before.scrapRatio} after={p.after.scrapRatio} isHigherBetter={false} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row" className="py-2 pr-3 font-medium">Window</th>
                    <td className="py-2 pr-3">
                      <WindowCell w={p.before} timeZone={timeZone} />
                    </td>
                    <td className="py-2 pr-3">
                      <WindowCell w={p.after} timeZone={timeZone} />
                    </td>
                    <td />
                  </tr>
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
