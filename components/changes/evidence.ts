import { evidenceKinds } from "@/server/changes/evidence-kinds";

export type EvidenceKind = (typeof evidenceKinds)[number];
export interface Evidence {
  kind: EvidenceKind;
  ref: string;
}

/** `unit:<serial>`, `lot:<lotNumber>`, `measurement:<stepId>:<name>` from the URL contract; unknown kinds are dropped. */
export function parseEvidenceParam(value: string): Evidence | null {
  const colon = value.indexOf(":");
  if (colon <= 0) return null;
  const kind = evidenceKinds.find((k) => k === value.slice(0, colon));
  const ref = value.slice(colon + 1).trim();
  return kind && ref ? { kind, ref } : null;
}
