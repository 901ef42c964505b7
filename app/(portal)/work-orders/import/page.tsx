import type { Metadata } from "next";
import Link from "next/link";

import { buttonVariants } from "@/components/ui/button";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { WorkOrderImportForm } from "@/components/work-orders/work-order-import-form";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Import work orders" };

export default async function ImportWorkOrdersPage() {
  const { isAllowed } = await requirePermission("planWorkOrders");
  if (!isAllowed) return <NotAllowed what="Work orders are imported by planners and administrators." />;
  return (
    <>
      <PageHeader
        title="Import work orders"
        description="Many work orders at once from CSV or XLSX: checked row by row, then created in one transaction."
        actions={
          <Link href="/work-orders" className={buttonVariants({ variant: "secondary", size: "sm" })}>
            Back to work orders
          </Link>
        }
      />
      <WorkOrderImportForm />
    </>
  );
}
