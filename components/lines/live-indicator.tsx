"use client";

import { cn } from "@/components/ui/cn";
import { formatTime } from "@/components/ui/format";

import type { LiveStatus } from "./use-live-updates";

export function LiveIndicator({ status, updatedAt, timeZone, className }: { status: LiveStatus; updatedAt: number; timeZone: string; className?: string }) {
  const isLive = status === "live";
  return (
    <span
      role="status"
      data-live-status={status}
      className={cn(
        "inline-flex items-center gap-2 rounded-full px-3 py-1 text-xs font-medium",
        isLive ? "bg-green-50 text-green-800 ring-1 ring-green-200" : "bg-amber-50 text-amber-900 ring-1 ring-amber-300",
        className,
      )}
    >
      {/* The pulse never stops while live: not for those who asked their system for less motion. */}
      <span className={cn("size-2 rounded-full", isLive ? "bg-green-600 motion-safe:animate-pulse" : "bg-amber-500")} aria-hidden="true" />
      {isLive ? "Live" : status === "connecting" ? "Connecting…" : `Reconnecting: data as of ${formatTime(new Date(updatedAt), timeZone, true)}`}
    </span>
  );
}
