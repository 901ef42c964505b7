import type { Metadata } from "next";
import Link from "next/link";

import { InboxList } from "@/components/notifications/inbox-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { caller, getQueryClient, HydrateClient, trpc } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const timeZone = await (await caller()).changes.timeZone();
  void getQueryClient().prefetchInfiniteQuery(trpc.notifications.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  return (
    <HydrateClient>
      <PageHeader
        title="Inbox"
        description="What you follow, newest first. Opening a notification marks it read."
        actions={
          <Link href="/account/notifications" className="text-sm text-sky-700 hover:underline">
            Notification settings
          </Link>
        }
      />
      <Card title="Notifications" isFlush>
        <InboxList timeZone={timeZone} />
      </Card>
    </HydrateClient>
  );
}
