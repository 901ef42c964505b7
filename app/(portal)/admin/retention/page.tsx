import type { Metadata } from "next";
import Link from "next/link";

import { RetentionAdmin } from "@/components/admin/retention-admin";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Data retention" };

export default async function RetentionPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Data retention is for administrators." />;
  const dataClasses = await (await caller()).admin.retention();
  return (
    <>
      <PageHeader
        title="Data retention"
        description="How long time-partitioned data is kept. The ingestion worker drops whole monthly partitions older than the retention, each drop audited; units, steps, genealogy, station states, alarms and the audit log are never deleted."
        actions={
          <Link href="/admin" className="text-sm text-sky-700 hover:underline">
            Back to admin
          </Link>
        }
      />
      <RetentionAdmin dataClasses={dataClasses} />
    </>
  );
}
