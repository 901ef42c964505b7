import type { Metadata } from "next";

import { EcoCreateForm } from "@/components/changes/eco-create-form";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "New change order" };

export default async function NewEcoPage({ searchParams }: { searchParams: Promise<{ ecr?: string | string[] }> }) {
  const { isAllowed } = await requirePermission("authorChanges");
  if (!isAllowed) return <NotAllowed what="Change orders are written by engineers and administrators." />;
  const { ecr } = await searchParams;
  const approved = await (await caller()).changes.approvedEcrs();
  const wanted = Array.isArray(ecr) ? ecr : ecr ? [ecr] : [];
  return (
    <>
      <PageHeader title="New change order" description="The concrete change: new part revisions, their BOM and routing, and from when they apply." />
      <EcoCreateForm approved={approved} preselected={wanted.filter((n) => approved.some((a) => a.number === n))} />
    </>
  );
}
