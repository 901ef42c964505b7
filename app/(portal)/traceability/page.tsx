import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SearchForm } from "@/components/traceability/search-form";
import { SearchResults } from "@/components/traceability/search-results";
import { StartingPoints } from "@/components/traceability/starting-points";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Traceability" };

export default async function TraceabilityPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { isAllowed } = await requirePermission("traceability");
  if (!isAllowed) return <NotAllowed what="Traceability is for quality, engineering and administrators." />;
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 300) ?? "";
  const api = await caller();
  const [result, start] = await Promise.all([q ? api.traceability.search({ q }) : null, q ? null : api.traceability.start()]);
  if (result?.redirectTo) redirect(result.redirectTo);
  return (
    <>
      <PageHeader title="Traceability" description="A serial, lot, work order or part number in, or a scanned GS1 barcode: the product's whole life out." />
      <div className="space-y-4">
        <SearchForm key={q} initialQuery={q} />
        {result && <SearchResults result={result} />}
        {start && <StartingPoints start={start} />}
      </div>
    </>
  );
}
