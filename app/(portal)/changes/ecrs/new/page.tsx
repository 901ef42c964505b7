import type { Metadata } from "next";

import { EcrForm } from "@/components/changes/ecr-form";
import { parseEvidenceParam, type Evidence } from "@/components/changes/evidence";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "New change request" };

const all = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export default async function NewEcrPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { isAllowed } = await requirePermission("authorChanges");
  if (!isAllowed) return <NotAllowed what="Change requests are raised by engineers and administrators." />;
  const params = await searchParams;
  const parts = await (await caller()).changes.parts();
  const evidence = all(params.evidence).flatMap((e) => parseEvidenceParam(e) ?? []) satisfies Evidence[];
  const affected = all(params.part).filter((p) => parts.some((x) => x.partNumber === p));
  const title = all(params.title)[0] ?? "";
  return (
    <>
      <PageHeader title="New change request" description="What is wrong, why it matters, and the evidence. Saved as a draft until you submit it." />
      <EcrForm initial={{ title, problem: "", reason: "defect", priority: "medium", affectedPartNumbers: affected, evidence }} parts={parts} />
    </>
  );
}
