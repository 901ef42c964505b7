import type { Metadata } from "next";

import { EcrForm } from "@/components/changes/ecr-form";
import { parseEvidenceParam } from "@/components/changes/evidence";
import { loadOrNotFound } from "@/components/changes/load";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Edit change request" };

export default async function EditEcrPage({ params }: { params: Promise<{ number: string }> }) {
  const { isAllowed } = await requirePermission("authorChanges");
  if (!isAllowed) return <NotAllowed what="Change requests are edited by engineers and administrators." />;
  const { number } = await params;
  const api = await caller();
  const ecr = await loadOrNotFound(() => api.changes.ecr({ number: decodeURIComponent(number) }));
  const parts = await api.changes.parts();
  return (
    <>
      <PageHeader title={`Edit ${ecr.number}`} description="Only a draft request can be edited." />
      <EcrForm
        initial={{ number: ecr.number, title: ecr.title, problem: ecr.problem, reason: ecr.reason, priority: ecr.priority, affectedPartNumbers: ecr.affectedParts.map((p) => p.partNumber), evidence: ecr.evidence.flatMap((e) => parseEvidenceParam(`${e.kind}:${e.ref}`) ?? []) }}
        parts={parts}
      />
    </>
  );
}
