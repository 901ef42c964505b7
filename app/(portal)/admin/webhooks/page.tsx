import type { Metadata } from "next";
import Link from "next/link";

import { WebhooksAdmin } from "@/components/admin/webhooks-admin";
import { Card } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Webhooks are for administrators." />;
  const api = await caller();
  const [webhooks, timeZone] = await Promise.all([api.webhooks.list(), api.changes.timeZone()]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Threadline POSTs each event to the URLs subscribed to it, signed with the subscription's secret, and tries again for about a day when a receiver fails (docs/webhooks.md)."
        actions={
          <Link href="/admin" className="text-sm text-sky-700 hover:underline">
            Back to admin
          </Link>
        }
      />
      <Card title="Subscriptions" isFlush>
        <WebhooksAdmin webhooks={webhooks} timeZone={timeZone} />
      </Card>
    </>
  );
}
