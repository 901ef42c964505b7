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

/** Where a piece of evidence lives in the portal, when it has a page. */
export function evidenceHref(e: { kind: string; ref: string }) {
  if (e.kind === "unit") return `/traceability/units/${encodeURIComponent(e.ref)}`;
  if (e.kind === "lot") return `/traceability/lots/${encodeURIComponent(e.ref)}`;
  return null;
}

export function evidenceLabel(e: { kind: string; ref: string }) {
  if (e.kind === "measurement") {
    const [step, ...name] = e.ref.split(":");
    return `measurement ${name.join(":") || "?"} (step ${step})`;
  }
  return `${e.kind} ${e.ref}`;
}
