import type { Metadata } from "next";

import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { NotFoundError } from "@/server/errors";
import { TRPCError } from "@trpc/server";

export const metadata: Metadata = { title: "Traceability" };

export default async function TraceabilityPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { isAllowed } = await requirePermission("traceability");
  if (!isAllowed) return <NotAllowed what="Traceability is for quality, engineering and administrators." />;
  const q = (await searchParams).q?.trim() ?? "";
  let unit = null;
  let message = "";
  if (q) {
    try {
      unit = await (await caller()).traceability.unit({ serial: q });
    } catch (error) {
      if (!(error instanceof TRPCError && error.code === "NOT_FOUND") && !(error instanceof NotFoundError)) throw error;
      message = error.message;
    }
  }
  return (
    <>
      <PageHeader title="Traceability" description="A serial number in, the unit's record out." />
      <form role="search" className="mb-6 flex max-w-xl gap-2">
        <input name="q" defaultValue={q} aria-label="Serial number" placeholder="e.g. CP40-0000123" className="flex-1 rounded-md border border-slate-300 px-3 py-2 focus:border-sky-600 focus:outline-none" />
        <button className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800">Search</button>
      </form>
      {message && (
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      )}
      {unit && (
        <dl className="grid max-w-xl grid-cols-[10rem_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <dt className="text-slate-500">Serial</dt>
          <dd className="font-mono font-semibold">{unit.serial}</dd>
          <dt className="text-slate-500">Part</dt>
          <dd>
            {unit.partNumber} rev {unit.revision} · {unit.partName}
          </dd>
          <dt className="text-slate-500">Work order</dt>
          <dd>{unit.workOrder ?? "–"}</dd>
          <dt className="text-slate-500">Line</dt>
          <dd>{unit.line ?? "–"}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd>{unit.status.replace("_", " ")}</dd>
        </dl>
      )}
    </>
  );
}
