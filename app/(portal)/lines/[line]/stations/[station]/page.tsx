import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { StationDetail } from "@/components/lines/station-detail";
import { stationWindows } from "@/components/lines/windows";
import { PageHeader } from "@/components/ui/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";

type Params = { line: string; station: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Station ${decodeURIComponent((await params).station)}` };
}

export default async function StationPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ hours?: string }> }) {
  await requireUser();
  const { line, station } = await params;
  const lineCode = decodeURIComponent(line);
  const stationCode = decodeURIComponent(station);
  const requested = Number((await searchParams).hours);
  const hours = stationWindows.find((w) => w.hours === requested)?.hours ?? 1;
  const window = hours === 1 ? {} : { from: new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3600_000) };
  const data = await getQueryClient()
    .fetchQuery(trpc.lines.station.queryOptions({ lineCode, stationCode, window }))
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    });
  return (
    <HydrateClient>
      <PageHeader
        title={`${data.station.code} ${data.station.name}`}
        description={`${data.line.name} · ideal cycle ${data.station.idealCycleSeconds} s`}
        actions={
          <Link href={`/lines/${lineCode}`} className="text-sm text-sky-700 hover:underline">
            Back to {data.line.name}
          </Link>
        }
      />
      <StationDetail lineCode={lineCode} stationCode={stationCode} hours={hours} window={window} />
    </HydrateClient>
  );
}
