import { z } from "zod";

/**
 * The one Postgres NOTIFY channel between writers (ingestion worker, web
 * mutations) and the web server's LISTEN fan-out. Payloads stay far below
 * Postgres' 8000-byte limit: they say what changed, readers query the rows.
 */
export const REALTIME_CHANNEL = "threadline_events";

/** `equipment`: a site, area, line or station was added, renamed, moved or retired (live views re-read the plant). */
export const realtimeEventKinds = ["state", "alarm", "unit", "telemetry", "count", "signal", "downtime", "notice", "equipment"] as const;

export const realtimeEvent = z.object({
  kind: z.enum(realtimeEventKinds),
  stationIds: z.array(z.number().int()).max(500),
  /** Commit time (ISO 8601), so a client can measure and order. */
  at: z.string(),
});

export type RealtimeEvent = z.infer<typeof realtimeEvent>;
export type RealtimeEventKind = RealtimeEvent["kind"];
