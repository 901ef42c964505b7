import type { Metadata } from "next";
import { Suspense } from "react";

import { LineNotices } from "@/components/changes/line-notices";
import { LinesOverview } from "@/components/lines/lines-overview";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Lines" };

export default async function LinesPage({ searchParams }: { searchParams: Promise<{ area?: string }> }) {
  await requireUser();
  const { area } = await searchParams;
  const queryClient = getQueryClient();
  void queryClient.prefetchQuery(trpc.lines.areas.queryOptions());
  void queryClient.prefetchQuery(trpc.lines.overview.queryOptions(area ? { areaCode: area } : {}));
  return (
    <HydrateClient>
      <PageHeader title="Lines" description="Every station's state, live; the shift's output against target." />
      <LineNotices />
      <Suspense fallback={<p className="text-sm text-slate-500">Loading lines…</p>}>
        <LinesOverview areaCode={area} />
      </Suspense>
    </HydrateClient>
  );
}
