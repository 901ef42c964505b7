import type { Metadata } from "next";

import { AndonBoard } from "@/components/lines/andon-board";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Andon board" };

/** TV mode: /tv?area=pumps, /tv?line=P1, &rotate=20 (seconds per line). No navigation chrome. */
export default async function TvPage({ searchParams }: { searchParams: Promise<{ area?: string; line?: string; rotate?: string }> }) {
  await requireUser();
  const { area, line, rotate } = await searchParams;
  const rotateSeconds = Math.min(600, Math.max(5, Number(rotate) || 20));
  void getQueryClient().prefetchQuery(trpc.lines.overview.queryOptions(area ? { areaCode: area } : {}));
  return (
    <main className="min-h-screen bg-slate-950 text-white">
      <HydrateClient>
        <AndonBoard areaCode={area} lineCode={line} rotateSeconds={rotateSeconds} />
      </HydrateClient>
    </main>
  );
}
