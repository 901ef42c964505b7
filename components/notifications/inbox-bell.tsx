"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "@/components/trpc/client";
import { buttonVariants } from "@/components/ui/button";

/** The header's way to the inbox; the count is polled, like the other live figures that need no second-by-second update. */
export function InboxBell() {
  const trpc = useTRPC();
  const { data: unread = 0 } = useQuery(trpc.notifications.unreadCount.queryOptions(undefined, { refetchInterval: 30_000 }));
  return (
    <Link href="/inbox" className={buttonVariants({ variant: "ghost", size: "sm", className: "relative" })} aria-label={unread > 0 ? `Inbox, ${unread} unread` : "Inbox"}>
      <Bell className="size-5" aria-hidden="true" />
      {unread > 0 && (
        <span data-testid="unread-count" className="absolute -top-1 -right-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs leading-5 font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
