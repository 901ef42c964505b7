import { createHash } from "node:crypto";

export interface EcoContent {
  number: string;
  title: string;
  description: string;
  effectivity: string;
  effectivityValue: string;
  changes: { partNumber: string; fromRevision: string | null; toRevision: string; bom: { findNumber: number; partNumber: string; qty: number; referenceDesignator: string | null }[]; routing: { sequence: number; operationCode: string; description: string; station: string | null }[] }[];
}

/** What a signature signs: any edit to the ECO changes this hash and so voids earlier signatures. */
export function ecoContentHash(content: EcoContent): string {
  const sorted = {
    ...content,
    changes: [...content.changes]
      .sort((a, b) => a.partNumber.localeCompare(b.partNumber))
      .map((c) => ({ ...c, bom: [...c.bom].sort((a, b) => a.findNumber - b.findNumber), routing: [...c.routing].sort((a, b) => a.sequence - b.sequence) })),
  };
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}
