import type { Metadata } from "next";

import { ImportForm } from "@/components/master-data/import-form";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Import master data" };

export default async function ImportMasterDataPage() {
  const { isAllowed } = await requirePermission("importMasterData");
  if (!isAllowed) return <NotAllowed what="Master data is imported by engineers and administrators." />;
  return (
    <>
      <PageHeader title="Import master data" description="Parts, BOMs, routings, characteristics and work instructions from CSV or XLSX, as each new part's released baseline." />
      <ImportForm />
    </>
  );
}
