import { eq, inArray } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { processSteps, units } from "@/db/schema";

export interface EvidenceLink {
  kind: string;
  ref: string;
  label: string;
  /** Where the evidence lives: a portal page, or an external address for a document given as a URL. */
  href: string | null;
  isExternal: boolean;
}

const unitPath = (serial: string) => `/traceability/units/${encodeURIComponent(serial)}`;

/**
 * Turns an ECR's evidence references into links a reviewer can follow:
 * units and lots to their records, a measurement (`<stepId>:<name>`) to its
 * step in the unit's as-built record, an operation to its control charts for
 * the first affected part, a document given as a URL to that URL.
 */
export async function resolveEvidence(db: DbOrTx, evidence: { kind: string; ref: string }[], affectedPartNumbers: string[]): Promise<EvidenceLink[]> {
  const stepIds = evidence.flatMap((e) => (e.kind === "measurement" && /^\d+:/.test(e.ref) ? [Number(e.ref.split(":")[0])] : []));
  const steps = stepIds.length
    ? await db.select({ id: processSteps.id, serial: units.serial, operationCode: processSteps.operationCode, attempt: processSteps.attempt }).from(processSteps).innerJoin(units, eq(units.id, processSteps.unitId)).where(inArray(processSteps.id, stepIds))
    : [];
  const stepById = new Map(steps.map((s) => [s.id, s]));
  const part = affectedPartNumbers[0];

  return evidence.map(({ kind, ref }) => {
    const link = { kind, ref, label: `${kind} ${ref}`, href: null as string | null, isExternal: false };
    switch (kind) {
      case "unit":
        return { ...link, href: unitPath(ref) };
      case "lot":
        return { ...link, href: `/traceability/lots/${encodeURIComponent(ref)}` };
      case "measurement": {
        const [stepId = "", ...rest] = ref.split(":");
        const name = rest.join(":") || "?";
        const step = stepById.get(Number(stepId));
        if (!step) return { ...link, label: `measurement ${name} (step ${stepId}, not found)` };
        const attempt = step.attempt > 1 ? `, attempt ${step.attempt}` : "";
        return { ...link, label: `measurement ${name} on ${step.serial} at ${step.operationCode}${attempt}`, href: `${unitPath(step.serial)}#step-${step.id}` };
      }
      case "operation":
        return part ? { ...link, label: `operation ${ref} of ${part}`, href: `/kpis/spc?${new URLSearchParams({ part, op: ref }).toString()}` } : link;
      case "document":
        return /^https?:\/\/\S+$/i.test(ref) ? { ...link, href: ref, isExternal: true } : link;
      default:
        return link;
    }
  });
}
