import type { Metadata } from "next";
import Link from "next/link";

import { EquipmentTree } from "@/components/admin/equipment-tree";
import { SparkplugMappings } from "@/components/admin/sparkplug-mappings";
import { StationReview } from "@/components/admin/station-review";
import { buttonVariants } from "@/components/ui/button";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Equipment" };

export default async function EquipmentPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Equipment is set up by administrators." />;
  const api = await caller();
  const [equipment, mappings, unmapped, toReview, liveStations] = await Promise.all([
    api.equipment.tree(),
    api.equipment.sparkplugMappings(),
    api.equipment.unmappedSparkplugNodes(),
    api.equipment.stationsToReview(),
    api.equipment.liveStations(),
  ]);
  return (
    <>
      <PageHeader
        title="Equipment"
        description="The plant's sites, areas, lines and stations, how Sparkplug devices map to them, and stations the ingest worker registered on its own."
        actions={
          <Link href="/admin" className={buttonVariants({ variant: "secondary", size: "sm" })}>
            Back to admin
          </Link>
        }
      />
      <div className="space-y-6">
        {toReview.length > 0 && <StationReview stations={toReview} targets={liveStations} />}
        <EquipmentTree equipment={equipment} enterprise={equipment.sites[0]?.enterprise ?? ""} />
        <SparkplugMappings mappings={mappings} unmapped={unmapped} stations={liveStations} />
      </div>
    </>
  );
}
