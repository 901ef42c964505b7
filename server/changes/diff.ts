import type { EcoBomLine, EcoRoutingStep } from "./eco-content";

export type DiffKind = "added" | "removed" | "changed" | "unchanged";

export interface BomDiffRow {
  kind: DiffKind;
  findNumber: number;
  before: EcoBomLine | null;
  after: EcoBomLine | null;
  /** Which fields differ, for "changed" rows. */
  fields: (keyof EcoBomLine)[];
}

export interface RoutingDiffRow {
  kind: DiffKind;
  operationCode: string;
  before: EcoRoutingStep | null;
  after: EcoRoutingStep | null;
  fields: (keyof EcoRoutingStep)[];
}

function diffBy<T, K extends string | number>(before: T[], after: T[], key: (row: T) => K, fields: (keyof T)[]) {
  const old = new Map(before.map((r) => [key(r), r]));
  const rows: { kind: DiffKind; key: K; before: T | null; after: T | null; fields: (keyof T)[] }[] = [];
  for (const row of after) {
    const prev = old.get(key(row));
    if (!prev) {
      rows.push({ kind: "added", key: key(row), before: null, after: row, fields: [] });
      continue;
    }
    old.delete(key(row));
    const changed = fields.filter((f) => (prev[f] ?? null) !== (row[f] ?? null));
    rows.push({ kind: changed.length ? "changed" : "unchanged", key: key(row), before: prev, after: row, fields: changed });
  }
  for (const [k, prev] of old) rows.push({ kind: "removed", key: k, before: prev, after: null, fields: [] });
  return rows;
}

/** BOM lines matched by find number: a different child part at the same position reads as a change, not a remove + add. */
export function diffBom(before: EcoBomLine[], after: EcoBomLine[]): BomDiffRow[] {
  return diffBy(before, after, (r) => r.findNumber, ["partNumber", "qty", "referenceDesignator"])
    .map(({ key, ...r }) => ({ ...r, findNumber: key }))
    .sort((a, b) => a.findNumber - b.findNumber);
}

/** Operations matched by operation code, so a resequenced operation is one change. */
export function diffRouting(before: EcoRoutingStep[], after: EcoRoutingStep[]): RoutingDiffRow[] {
  const sequenceOf = (r: RoutingDiffRow) => r.after?.sequence ?? r.before?.sequence ?? 0;
  return diffBy(before, after, (r) => r.operationCode, ["sequence", "description", "station", "workInstruction"])
    .map(({ key, ...r }) => ({ ...r, operationCode: key }))
    .sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

export function hasChanges(rows: { kind: DiffKind }[]) {
  return rows.some((r) => r.kind !== "unchanged");
}
