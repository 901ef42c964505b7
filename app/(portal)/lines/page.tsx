import type { Metadata } from "next";
import { Suspense } from "react";

import { LinesOverview } from "@/components/lines/lines-overview";
import { PageHeader } from "@/components/ui/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Lines" };

export default async function LinesPage() {
  await requireUser();
  void getQueryClient().prefetchQuery(trpc.lines.overview.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader title="Lines" description="Every station's state, live." />
      <Suspense fallback={<p className="text-sm text-slate-500">Loading lines…</p>}>
        <LinesOverview />
      </Suspense>
    </HydrateClient>
  );
}
