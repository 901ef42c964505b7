import type { Db } from "@/db";

import { refreshKpiRollups } from "./rollups";

/**
 * Keeps the KPI rollups current from a long-running process (the ingestion
 * worker): one refresh at a time, every `intervalMs`. Several processes may
 * run it; the refresh itself takes turns on a lock.
 */
export function scheduleKpiRollups(db: Db, options: { intervalMs: number; log: (message: string) => void }) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let isStopped = false;

  const tick = () => {
    running = refreshKpiRollups(db, { onProgress: options.log })
      .then(() => undefined, (error: unknown) => options.log(`KPI rollup refresh failed, retrying later: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
        if (!isStopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.intervalMs);

  return {
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
