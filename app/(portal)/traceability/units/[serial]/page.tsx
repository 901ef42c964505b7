import type { Metadata } from "next";
import { Suspense } from "react";

import { AsBuiltRecordView } from "@/components/traceability/as-built-record";
import { RecordNotFound } from "@/components/traceability/record-not-found";
import { NotAllowed } from "@/components/ui/not-allowed";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";
import { isNotFound, routeParam } from "@/server/traceability/route-params";

type Params = { params: Promise<{ serial: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${routeParam((await params).serial)} · As built` };
}

export default async function UnitRecordPage({ params }: Params) {
  const { user, isAllowed } = await requirePermission("traceability");
  if (!isAllowed) return <NotAllowed what="As-built records are for quality, engineering and administrators." />;
  const serial = routeParam((await params).serial);
  try {
    await getQueryClient().fetchQuery(trpc.traceability.record.queryOptions({ serial }));
  } catch (error) {
    if (isNotFound(error)) return <RecordNotFound message={`No unit has the serial number "${serial}".`} query={serial} />;
    throw error;
  }
  return (
    <HydrateClient>
      <Suspense fallback={<p className="text-sm text-slate-600">Loading the record…</p>}>
        <AsBuiltRecordView serial={serial} canHold={can(user.role, "holdRelease")} canRaiseEcr={can(user.role, "authorChanges")} />
      </Suspense>
    </HydrateClient>
  );
}
