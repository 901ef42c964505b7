import { z } from "zod";

import { alarmSeverities, stationStates } from "@/db/schema";

/** The MQTT contract's payloads (docs/mqtt-contract.md). Unknown fields are ignored. */

export const messageKinds = ["state", "telemetry", "unit", "alarm", "count"] as const;
export type MessageKind = (typeof messageKinds)[number];

const ts = z.iso.datetime({
  offset: true,
  error: (issue) => (issue.input === undefined ? "required" : "must be an ISO 8601 time with offset, e.g. 2026-05-04T10:15:00.000+02:00"),
});
/** Postgres text cannot hold U+0000: a string with it is refused, not altered. */
const text = () => z.string().refine((s) => !s.includes("\0"), "must not contain U+0000 (NUL)");
const name = text().trim().min(1).max(128);
const metricName = z.string().regex(/^[A-Za-z0-9_.:/-]{1,64}$/, "metric names are 1-64 of A-Z a-z 0-9 _ . : / -");
const count = z.number().int().min(0).max(2_147_483_647);
const finite = z.number().finite();

export const statePayload = z.object({
  ts,
  state: z.enum(stationStates),
  reason: text().max(500).optional(),
});

export const telemetryPayload = z.object({
  ts,
  metrics: z
    .record(metricName, finite)
    .refine((m) => Object.keys(m).length > 0, "must hold at least one metric")
    .refine((m) => Object.keys(m).length <= 200, "may hold at most 200 metrics"),
});

export const measurementPayload = z.object({
  name,
  value: finite,
  unit: text().max(32).optional(),
  lsl: finite.optional(),
  usl: finite.optional(),
});

export const componentPayload = z
  .object({
    partNumber: name,
    serial: name.optional(),
    lot: name.optional(),
    qty: z.number().positive().max(1_000_000).optional(),
  })
  .refine((c) => !(c.serial && c.lot), "a component names a serial or a lot, not both");

export const unitPayload = z.object({
  ts,
  serial: name,
  operation: text().trim().min(1).max(32),
  result: z.enum(["PASS", "FAIL", "SCRAP"]),
  workOrder: name.optional(),
  partNumber: name.optional(),
  operator: text().max(128).optional(),
  startedAt: ts.optional(),
  measurements: z.array(measurementPayload).max(500).optional(),
  components: z.array(componentPayload).max(500).optional(),
  messageId: text().min(1).max(200).optional(),
});

export const alarmPayload = z.object({
  ts,
  code: text().trim().min(1).max(64),
  severity: z.enum(alarmSeverities),
  message: text().max(1000),
  active: z.boolean(),
});

export const countPayload = z.object({
  ts,
  good: count,
  scrap: count,
  rework: count.optional(),
});

export type StatePayload = z.infer<typeof statePayload>;
export type TelemetryPayload = z.infer<typeof telemetryPayload>;
export type UnitPayload = z.infer<typeof unitPayload>;
export type AlarmPayload = z.infer<typeof alarmPayload>;
export type CountPayload = z.infer<typeof countPayload>;

export const payloadSchemas = {
  state: statePayload,
  telemetry: telemetryPayload,
  unit: unitPayload,
  alarm: alarmPayload,
  count: countPayload,
} as const;

/** "metrics.spindle_temp_c: expected number, received string; ts: required" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    // A bad record key says only "Invalid key in record"; the rule it broke is one level down.
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "payload"}: ${(issue.code === "invalid_key" ? issue.issues[0]?.message : undefined) ?? issue.message}`)
    .join("; ");
}
