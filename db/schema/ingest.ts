import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { bytea } from "./columns";
import { stations } from "./equipment";

/** Every message that could not be ingested, with the reason: nothing is silently dropped. */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    topic: text().notNull(),
    payload: bytea().notNull(),
    error: text().notNull(),
  },
  (t) => [index("dead_letters_received_idx").on(t.receivedAt)],
);

/** Sparkplug ids are not ISA-95 paths: group/edge/device map to a station here. */
export const sparkplugMappings = pgTable(
  "sparkplug_mappings",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    groupId: text().notNull(),
    edgeNodeId: text().notNull(),
    /** Empty string for node-level metrics. */
    deviceId: text().notNull().default(""),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
  },
  (t) => [uniqueIndex("sparkplug_mappings_ids_key").on(t.groupId, t.edgeNodeId, t.deviceId)],
);

export const signalGapKindEnum = pgEnum("signal_gap_kind", ["node_death", "sequence_gap", "unknown_alias", "silence"]);

/** Periods for which a station's data is known to be incomplete. */
export const signalGaps = pgTable(
  "signal_gaps",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    stationId: integer()
      .notNull()
      .references(() => stations.id),
    kind: signalGapKindEnum().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    detail: text(),
  },
  (t) => [index("signal_gaps_station_started_idx").on(t.stationId, t.startedAt)],
);

/** A partitioned table as the worker's partition maintenance last found it (docs/data-lifecycle.md). */
export interface PartitionStatus {
  table: string;
  /** Where the months covered without a gap from `checkedAt` on end; null when not even that instant has a partition. */
  horizon: string | null;
  /** Rows no month's partition took; maintenance moves them into one at its next run. */
  defaultRows: number;
  checkedAt: string;
}

/** What an ingestion worker reports about itself, for Admin > Ingestion. */
export interface IngestWorkerStats {
  mqttConnected: boolean;
  dbConnected: boolean;
  protocolVersion: number | null;
  sharedGroup: string | null;
  messagesPerSecond: number;
  rowsPerSecond: number;
  messagesTotal: number;
  deadLettersTotal: number;
  batchesTotal: number;
  batchFailuresTotal: number;
  /** Messages acknowledged although not even their dead letter could be written (see the worker's log). */
  unwritableTotal?: number;
  batchLatencyP50Ms: number | null;
  batchLatencyP99Ms: number | null;
  queueDepth: number;
  inFlight: number;
  /** Most messages held at once since the worker started: bounded by INGEST_MAX_IN_FLIGHT. */
  inFlightPeak: number;
  /** Station id → ISO time of the last message received for it. */
  lastMessageAt: Record<string, string>;
  // Progress (absent in rows of workers from before they were reported).
  /** Age of the oldest message received and not yet committed and acknowledged; null when none is held. */
  oldestUnackedSeconds?: number | null;
  /** Batch writes that failed since the last one that committed. */
  consecutiveFailedWrites?: number;
  lastCommitAt?: string | null;
  /** Why the worker is not making progress on the messages it holds (INGEST_STALL_SECONDS, INGEST_STALL_FAILURES); null while it is. */
  stalledReason?: string | null;
  /** From the partition maintenance this worker runs (PARTITION_MAINTENANCE_SECONDS); absent before its first run or when it runs elsewhere. */
  partitions?: PartitionStatus[];
}

/** One row per worker (MQTT client id), refreshed every few seconds: the worker and the web app meet only here. */
export const ingestWorkers = pgTable("ingest_workers", {
  id: text().primaryKey(),
  hostname: text().notNull(),
  pid: integer().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  heartbeatAt: timestamp({ withTimezone: true }).notNull(),
  stoppedAt: timestamp({ withTimezone: true }),
  stats: jsonb().$type<IngestWorkerStats>().notNull(),
});

export type IngestWorker = typeof ingestWorkers.$inferSelect;
