import type { Db } from "@/db";
import { repeatEvery } from "@/server/runtime/repeat";

import { refreshKpiRollups } from "./rollups";

/**
 * Keeps the KPI rollups current from a long-running process (the ingestion
 * worker): one refresh at a time, every `intervalMs`. Several processes may
 * run it; the refresh itself takes turns on a lock.
 */
export function scheduleKpiRollups(db: Db, options: { intervalMs: number; log: (message: string) => void }) {
  return repeatEvery(
    options.intervalMs,
    async () => {
      await refreshKpiRollups(db, { onProgress: options.log });
    },
    { onError: (error) => options.log(`KPI rollup refresh failed, retrying later: ${error instanceof Error ? error.message : String(error)}`) },
  );
}
