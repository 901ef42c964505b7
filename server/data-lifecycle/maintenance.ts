import type { Db } from "@/db";
import type { PartitionStatus } from "@/db/schema";
import { repeatEvery } from "@/server/runtime/repeat";

import { ensurePartitions, readPartitionStatus } from "./partitions";
import { applyRetention } from "./retention";

export interface MaintenanceOptions {
  /** Partitions exist for this month and this many after it. */
  monthsAhead: number;
  log: (message: string) => void;
  now?: Date;
}

/** One run: partitions ahead, stranded rows moved out of the default partitions, expired partitions dropped. */
export async function runPartitionMaintenance(db: Db, options: MaintenanceOptions): Promise<PartitionStatus[]> {
  const now = options.now ?? new Date();
  await ensurePartitions(db, { now, monthsAhead: options.monthsAhead, log: options.log });
  await applyRetention(db, { now, log: options.log });
  return readPartitionStatus(db, now);
}

/**
 * Runs the maintenance at start and every `intervalMs` from a long-running
 * process (the ingestion worker). Several workers may run it: each change
 * takes an exclusive lock on its table and checks again under it.
 */
export function schedulePartitionMaintenance(db: Db, options: Omit<MaintenanceOptions, "now"> & { intervalMs: number; onStatus: (status: PartitionStatus[]) => void }) {
  return repeatEvery(
    options.intervalMs,
    async () => {
      options.onStatus(await runPartitionMaintenance(db, options));
    },
    { isImmediate: true, onError: (error) => options.log(`partition maintenance failed, retrying at the next run: ${error instanceof Error ? error.message : String(error)}`) },
  );
}
