import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { LineDetail, type LineWindowInput } from "@/components/lines/line-detail";
import { lineWindows } from "@/components/lines/windows";
import { PageHeader } from "@/components/ui/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";

type Params = { line: string };
type Search = { hours?: string; from?: string; to?: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Line ${decodeURIComponent((await params).line)}` };
}

function parseDate(value: string | undefined) {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export default async function LinePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const user = await requireUser();
  const lineCode = decodeURIComponent((await params).line);
  const search = await searchParams;

  // Without dates the window is live: the server reads from the shift start (or `hours` back) up to now.
  const preset = lineWindows.find((p) => p.hours === Number(search.hours))?.hours ?? null;
  const from = parseDate(search.from);
  const window: LineWindowInput = from ? { from, to: parseDate(search.to) } : preset ? { from: new Date(Math.floor(Date.now() / 60_000) * 60_000 - preset * 3600_000) } : {};

  const data = await getQueryClient()
    .fetchQuery(trpc.lines.detail.queryOptions({ lineCode, window }))
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    });
  return (
    <HydrateClient>
      <PageHeader
        title={data.line.name}
        description={`${data.stations.length} stations`}
        actions={
          <Link href="/lines" className="text-sm text-sky-700 hover:underline">
            All lines
          </Link>
        }
      />
      <LineDetail lineCode={lineCode} window={window} preset={from ? "custom" : preset} canAcknowledge={can(user.role, "acknowledgeAlarms")} canRecordDowntime={can(user.role, "recordDowntime")} />
    </HydrateClient>
  );
}
