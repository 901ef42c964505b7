"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import type { RouterOutputs } from "@/server/api/root";

type Item = RouterOutputs["notifications"]["list"]["items"][number];

export function InboxList({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.notifications.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() })]);
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  // Opening a notification reads it: the mark is saved before the page changes, so the count is right on return.
  const open = async (item: Item) => {
    if (!item.readAt) await markRead.mutateAsync({ ids: [item.id] });
    router.push(item.link ?? "/inbox");
  };

  if (list.isSuccess && items.length === 0) {
    return <EmptyState icon={Inbox} title="Nothing in your inbox">Events you follow appear here: choose them under notification settings.</EmptyState>;
  }
  return (
    <div>
      <div className="flex justify-end border-b border-slate-100 px-4 py-2">
        <Button variant="secondary" size="xs" disabled={markAllRead.isPending || items.every((i) => i.readAt)} onClick={() => markAllRead.mutate()}>
          Mark all read
        </Button>
      </div>
      <ul aria-label="Notifications" className="divide-y divide-slate-100">
        {items.map((item) => (
          <li key={item.id} className={cn("flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-3 text-sm", !item.readAt && "bg-sky-50/60")}>
            <div className="min-w-0 flex-1">
              <p className={cn(!item.readAt && "font-semibold")}>
                {item.headline}
                {item.line && <span className="ml-2 font-mono text-xs text-slate-600">{item.line}</span>}
                {!item.readAt && (
                  <Badge tone="info" className="ml-2">
                    unread
                  </Badge>
                )}
              </p>
              {item.link ? (
                <a
                  href={item.link}
                  className="text-sky-700 hover:underline"
                  onClick={(e) => {
                    e.preventDefault();
                    void open(item);
                  }}
                >
                  {item.summary}
                </a>
              ) : (
                <p className="text-slate-700">{item.summary}</p>
              )}
            </div>
            <time dateTime={item.occurredAt.toISOString()} className="text-xs text-slate-600">
              {formatDateTime(item.occurredAt, timeZone)}
            </time>
            {!item.readAt && (
              <Button variant="ghost" size="xs" disabled={markRead.isPending} onClick={() => markRead.mutate({ ids: [item.id] })}>
                Mark read<span className="sr-only">: {item.summary}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <div className="border-t border-slate-100 p-3 text-center">
          <Button variant="secondary" size="sm" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Older notifications
          </Button>
        </div>
      )}
    </div>
  );
}
