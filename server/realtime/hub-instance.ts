import { requireDatabaseUrl } from "@/server/env";

import { RealtimeHub } from "./hub";

const cache = globalThis as unknown as { threadlineHub?: RealtimeHub };

/** The web server's hub (kept across hot reloads in development). */
export function getRealtimeHub() {
  cache.threadlineHub ??= new RealtimeHub(requireDatabaseUrl());
  return cache.threadlineHub;
}
