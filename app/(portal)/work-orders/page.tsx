import type { Metadata } from "next";
import Link from "next/link";

import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { WorkOrdersView } from "@/components/work-orders/work-orders-view";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Work orders" };

export default async function WorkOrdersPage() {
  const user = await requireUser();
  const choices = await (await caller()).workOrders.choices();
  const canPlan = can(user.role, "planWorkOrders");
  return (
    <>
      <PageHeader
        title="Work orders"
        description="What each line builds: part and revision, quantity, due date. Units reported for a released order attach to it."
        actions={
          canPlan && (
            <Link href="/work-orders/import" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Import
            </Link>
          )
        }
      />
      <WorkOrdersView role={user.role} canPlan={canPlan} choices={choices} />
    </>
  );
}
