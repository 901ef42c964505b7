import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";

type Change = RouterOutputs["changes"]["eco"]["changes"][number];

const rowStyle = { added: "bg-green-50", removed: "bg-red-50 text-red-900", changed: "bg-amber-50", unchanged: "" } as const;
const markStyle = { added: "text-green-700", removed: "text-red-700", changed: "text-amber-700", unchanged: "text-slate-400" } as const;
const marks = { added: "+ added", removed: "− removed", changed: "~ changed", unchanged: "" } as const;

function Cell<T>({ row, field, render }: { row: { kind: keyof typeof rowStyle; before: T | null; after: T | null; fields: (keyof T)[] }; field: keyof T; render: (v: T[keyof T]) => string }) {
  const after = row.after ? render(row.after[field]) : null;
  const before = row.before ? render(row.before[field]) : null;
  if (row.kind === "changed" && row.fields.includes(field)) {
    return (
      <>
        <del className="text-slate-500">{before}</del> <span aria-hidden="true">→</span> <ins className="font-semibold no-underline">{after}</ins>
      </>
    );
  }
  return <>{row.kind === "removed" ? <del>{before}</del> : after}</>;
}

const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? (v === "" ? "–" : String(v)) : "–");

/** The draft revision against the released one: what an approver signs, line by line. */
export function RevisionDiff({ change, showUnchanged = true }: { change: Change; showUnchanged?: boolean }) {
  const bom = change.bomDiff.filter((r) => showUnchanged || r.kind !== "unchanged");
  const routing = change.routingDiff.filter((r) => showUnchanged || r.kind !== "unchanged");
  const changedCount = change.bomDiff.filter((r) => r.kind !== "unchanged").length + change.routingDiff.filter((r) => r.kind !== "unchanged").length;
  const th = "px-2 py-1.5 font-medium";
  const td = "px-2 py-1.5 align-top";
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        {changedCount === 0 ? "No differences yet: the draft is a copy of " : `${changedCount} line(s) differ from `}
        {change.fromRevision ? `released rev ${change.fromRevision}.` : "nothing (first revision)."}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label={`BOM of ${change.partNumber} rev ${change.toRevision} against rev ${change.fromRevision ?? "none"}`}>
          <caption className="pb-1 text-left text-xs font-semibold text-slate-500 uppercase">Bill of materials</caption>
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className={th}>Change</th>
              <th className={th}>Find</th>
              <th className={th}>Part</th>
              <th className={th}>Qty</th>
              <th className={th}>Ref. des.</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {bom.map((r) => (
              <tr key={r.findNumber} className={rowStyle[r.kind]} data-diff={r.kind}>
                <td className={cn(td, "text-xs font-medium whitespace-nowrap", markStyle[r.kind])}>{marks[r.kind]}</td>
                <td className={`${td} tabular-nums`}>{r.findNumber}</td>
                <td className={`${td} font-mono`}>
                  <Cell row={r} field="partNumber" render={text} />
                </td>
                <td className={`${td} tabular-nums`}>
                  <Cell row={r} field="qty" render={text} />
                </td>
                <td className={td}>
                  <Cell row={r} field="referenceDesignator" render={text} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label={`Routing of ${change.partNumber} rev ${change.toRevision} against rev ${change.fromRevision ?? "none"}`}>
          <caption className="pb-1 text-left text-xs font-semibold text-slate-500 uppercase">Routing and work instructions</caption>
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className={th}>Change</th>
              <th className={th}>Seq</th>
              <th className={th}>Operation</th>
              <th className={th}>Description</th>
              <th className={th}>Station</th>
              <th className={th}>Instruction</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {routing.map((r) => (
              <tr key={r.operationCode} className={rowStyle[r.kind]} data-diff={r.kind}>
                <td className={cn(td, "text-xs font-medium whitespace-nowrap", markStyle[r.kind])}>{marks[r.kind]}</td>
                <td className={`${td} tabular-nums`}>
                  <Cell row={r} field="sequence" render={text} />
                </td>
                <td className={`${td} font-mono`}>{r.operationCode}</td>
                <td className={td}>
                  <Cell row={r} field="description" render={text} />
                </td>
                <td className={`${td} font-mono`}>
                  <Cell row={r} field="station" render={text} />
                </td>
                <td className={`${td} text-xs`}>{r.kind === "changed" && r.fields.includes("workInstruction") ? <span className="font-semibold text-amber-800">new revision</span> : r.kind === "removed" ? "–" : "unchanged"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
