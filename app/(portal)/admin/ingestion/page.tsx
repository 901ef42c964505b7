import type { Metadata } from "next";
import Link from "next/link";

import { IngestionHealth } from "@/components/admin/ingestion-health";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller, getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Ingestion" };

export default async function IngestionPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Ingestion health is for administrators." />;
  const timeZone = await (await caller()).changes.timeZone();
  void getQueryClient().prefetchQuery(trpc.admin.ingestion.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Ingestion"
        description="The MQTT workers as they report themselves, every five seconds. Metrics for Prometheus: each worker's /metrics on INGEST_HEALTH_HOST:INGEST_HEALTH_PORT (127.0.0.1:9464 unless set)."
        actions={<Link href="/admin" className="text-sm text-sky-700 hover:underline">Back to admin</Link>}
      />
      <IngestionHealth timeZone={timeZone} />
    </HydrateClient>
  );
}
