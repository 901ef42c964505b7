import { cn } from "@/components/ui/cn";
import type { RouterOutputs } from "@/server/api/root";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

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
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        {changedCount === 0 ? "No differences yet: the draft is a copy of " : `${changedCount} line(s) differ from `}
        {change.fromRevision ? `released rev ${change.fromRevision}.` : "nothing (first revision)."}
      </p>
      <Table aria-label={`BOM of ${change.partNumber} rev ${change.toRevision} against rev ${change.fromRevision ?? "none"}`} caption="Bill of materials" isCaptionVisible>
          <TableHeader columns={["Change", "Find", "Part", "Qty", "Ref. des."]} />
          <TableBody>
            {bom.map((r) => (
              <TableRow key={r.findNumber} className={rowStyle[r.kind]} data-diff={r.kind}>
                <TableCell className={cn("text-xs font-medium whitespace-nowrap", markStyle[r.kind])}>{marks[r.kind]}</TableCell>
                <TableCell className="tabular-nums">{r.findNumber}</TableCell>
                <TableCell className="font-mono">
                  <Cell row={r} field="partNumber" render={text} />
                </TableCell>
                <TableCell className="tabular-nums">
                  <Cell row={r} field="qty" render={text} />
                </TableCell>
                <TableCell>
                  <Cell row={r} field="referenceDesignator" render={text} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      <Table aria-label={`Routing of ${change.partNumber} rev ${change.toRevision} against rev ${change.fromRevision ?? "none"}`} caption="Routing and work instructions" isCaptionVisible>
          <TableHeader columns={["Change", "Seq", "Operation", "Description", "Station", "Instruction"]} />
          <TableBody>
            {routing.map((r) => (
              <TableRow key={r.operationCode} className={rowStyle[r.kind]} data-diff={r.kind}>
                <TableCell className={cn("text-xs font-medium whitespace-nowrap", markStyle[r.kind])}>{marks[r.kind]}</TableCell>
                <TableCell className="tabular-nums">
                  <Cell row={r} field="sequence" render={text} />
                </TableCell>
                <TableCell className="font-mono">{r.operationCode}</TableCell>
                <TableCell>
                  <Cell row={r} field="description" render={text} />
                </TableCell>
                <TableCell className="font-mono">
                  <Cell row={r} field="station" render={text} />
                </TableCell>
                <TableCell className="text-xs">{r.kind === "changed" && r.fields.includes("workInstruction") ? <span className="font-semibold text-amber-800">new revision</span> : r.kind === "removed" ? "–" : "unchanged"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
    </div>
  );
}
