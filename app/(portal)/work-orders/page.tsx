import type { Metadata } from "next";

import { PageHeader } from "@/components/ui/page-header";
import { WorkOrdersView } from "@/components/work-orders/work-orders-view";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Work orders" };

export default async function WorkOrdersPage() {
  const user = await requireUser();
  const choices = await (await caller()).workOrders.choices();
  return (
    <>
      <PageHeader title="Work orders" description="What each line builds: part and revision, quantity, due date. Units reported for a released order attach to it." />
      <WorkOrdersView role={user.role} canPlan={can(user.role, "planWorkOrders")} choices={choices} />
    </>
  );
}
