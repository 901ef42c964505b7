import type { GenealogyNode } from "./genealogy";

export type BomFlag = "ok" | "missing" | "not yet installed" | "extra" | "wrong part" | "wrong revision";

export interface BomComparisonRow {
  findNumber: number | null;
  partNumber: string;
  partName: string;
  designedQty: number;
  installedQty: number;
  installed: { serial: string | null; lotNumber: string | null; revision: string | null }[];
  flag: BomFlag;
  note: string | null;
}

interface BomLine {
  findNumber: number;
  partNumber: string;
  partName: string;
  qty: number;
}

interface RevisionInfo {
  partNumber: string;
  revision: string;
  status: string;
  releasedAt: Date | null;
}

/** Alternates share a base number (ORG-40 / ORG-40-EPDM): a swap between them is a wrong part, not missing + extra. */
const family = (partNumber: string) => partNumber.split("-")[0] ?? partNumber;

/** The revision that was the released one at `at`, per the revisions' release dates. */
function releasedRevisionAt(revisions: RevisionInfo[], at: Date) {
  return revisions
    .filter((r) => r.status !== "draft" && r.releasedAt !== null && r.releasedAt <= at)
    .sort((a, b) => (a.releasedAt?.getTime() ?? 0) - (b.releasedAt?.getTime() ?? 0))
    .at(-1);
}

/**
 * As designed (the BOM of the unit's own part revision) against as built (its
 * current first-level installs): what is missing, extra, a wrong part, or a
 * child unit of a revision that was not the released one when it was fitted.
 */
export function compareBom(bom: BomLine[], installs: GenealogyNode[], revisions: RevisionInfo[], isInProgress: boolean): BomComparisonRow[] {
  const current = installs.filter((i) => i.removedAt === null);
  const byPart = new Map<string, GenealogyNode[]>();
  for (const install of current) byPart.set(install.partNumber, [...(byPart.get(install.partNumber) ?? []), install]);
  const describe = (list: GenealogyNode[]) => list.map((i) => ({ serial: i.childSerial, lotNumber: i.lotNumber, revision: i.childRevision }));
  const sum = (list: GenealogyNode[]) => list.reduce((n, i) => n + i.qty, 0);

  const rows: BomComparisonRow[] = [];
  const designed = new Set(bom.map((b) => b.partNumber));
  const undesigned = [...byPart.entries()].filter(([partNumber]) => !designed.has(partNumber));
  const pairedExtras = new Set<string>();

  for (const line of bom) {
    const list = byPart.get(line.partNumber) ?? [];
    const installedQty = sum(list);
    const base = { findNumber: line.findNumber, partNumber: line.partNumber, partName: line.partName, designedQty: line.qty, installedQty, installed: describe(list) };
    if (installedQty === 0) {
      const substitute = undesigned.find(([partNumber, l]) => !pairedExtras.has(partNumber) && family(partNumber) === family(line.partNumber) && sum(l) === line.qty);
      if (substitute) {
        const [partNumber, l] = substitute;
        pairedExtras.add(partNumber);
        rows.push({ ...base, installed: describe(l), installedQty: sum(l), flag: "wrong part", note: `${partNumber} fitted instead of ${line.partNumber}.` });
      } else {
        rows.push({ ...base, flag: isInProgress ? "not yet installed" : "missing", note: null });
      }
      continue;
    }
    if (installedQty < line.qty) {
      rows.push({ ...base, flag: isInProgress ? "not yet installed" : "missing", note: `${line.qty - installedQty} short of ${line.qty}.` });
      continue;
    }
    if (installedQty > line.qty) {
      rows.push({ ...base, flag: "extra", note: `${installedQty - line.qty} more than the ${line.qty} designed.` });
      continue;
    }
    const partRevisions = revisions.filter((r) => r.partNumber === line.partNumber);
    const wrong = list.filter((i) => {
      if (!i.childRevision) return false;
      const own = partRevisions.find((r) => r.revision === i.childRevision);
      if (own?.status === "draft") return true;
      const released = releasedRevisionAt(partRevisions, i.installedAt);
      return released !== undefined && released.revision !== i.childRevision;
    });
    rows.push(
      wrong.length > 0
        ? { ...base, flag: "wrong revision", note: wrong.map((i) => `${i.childSerial ?? "?"} is rev ${i.childRevision ?? "?"}, not the revision released when it was fitted.`).join(" ") }
        : { ...base, flag: "ok", note: null },
    );
  }
  for (const [partNumber, list] of undesigned) {
    if (pairedExtras.has(partNumber)) continue;
    const [first] = list;
    rows.push({ findNumber: null, partNumber, partName: first?.partName ?? partNumber, designedQty: 0, installedQty: sum(list), installed: describe(list), flag: "extra", note: "Not in the BOM of this revision." });
  }
  return rows;
}
