import { NotAllowed } from "@/components/ui/not-allowed";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";
import { isNotFound } from "@/server/traceability/route-params";

import { RecordNotFound } from "./record-not-found";
import { WHERE_USED_PAGE_SIZE } from "./format";
import { WhereUsedView } from "./where-used-view";

/** The where-used page of a lot or a component serial: prefetched first page, then the interactive view. */
export async function WhereUsedPage({ origin }: { origin: { lotNumber: string } | { serial: string } }) {
  const { user, isAllowed } = await requirePermission("traceability");
  if (!isAllowed) return <NotAllowed what="Where-used traces are for quality, engineering and administrators." />;
  try {
    await getQueryClient().fetchQuery(trpc.traceability.whereUsed.queryOptions({ origin, page: 1, pageSize: WHERE_USED_PAGE_SIZE }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const label = "lotNumber" in origin ? origin.lotNumber : origin.serial;
    return <RecordNotFound message={"lotNumber" in origin ? `No material lot has the number "${label}".` : `No unit has the serial number "${label}".`} query={label} />;
  }
  return (
    <HydrateClient>
      <WhereUsedView origin={origin} canHold={can(user.role, "holdRelease")} canRaiseEcr={can(user.role, "authorChanges")} />
    </HydrateClient>
  );
}
