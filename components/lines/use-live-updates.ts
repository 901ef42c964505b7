"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";

import { useTRPC } from "@/components/trpc/client";

export type LiveStatus = "live" | "connecting" | "reconnecting";

/**
 * Keeps the lines queries fresh from the server's event stream: a change
 * refetches them (at most once a second; telemetry at most every five), and
 * after a lost connection everything is refetched to catch up.
 */
export function useLiveUpdates(lineCode?: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef<{ timer: ReturnType<typeof setTimeout> | null; lastTelemetry: number }>({ timer: null, lastTelemetry: 0 });

  const refresh = (delayMs: number) => {
    if (pending.current.timer) return;
    pending.current.timer = setTimeout(() => {
      pending.current.timer = null;
      void queryClient.invalidateQueries(trpc.lines.pathFilter());
    }, delayMs);
  };

  const subscription = useSubscription(
    trpc.lines.events.subscriptionOptions(lineCode ? { lineCode } : {}, {
      onData: (message) => {
        if (message.type === "resync") return refresh(0);
        if (message.kind === "telemetry") {
          if (Date.now() - pending.current.lastTelemetry < 5000) return;
          pending.current.lastTelemetry = Date.now();
        }
        refresh(1000);
      },
    }),
  );

  const isConnected = subscription.status === "pending";
  const [hasConnected, setHasConnected] = useState(false);
  useEffect(() => {
    if (!isConnected) return;
    // Back after a drop: whatever happened meanwhile is fetched again.
    if (hasConnected) refresh(0);
    setHasConnected(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isConnected]);
  useEffect(() => () => {
    if (pending.current.timer) clearTimeout(pending.current.timer);
  }, []);

  const status: LiveStatus = isConnected ? "live" : hasConnected ? "reconnecting" : "connecting";
  return status;
}
