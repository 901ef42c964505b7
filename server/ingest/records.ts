import { createHash } from "node:crypto";

import type { StationState } from "@/db/schema";

import { describeIssues, messageKinds, payloadSchemas, type AlarmPayload, type CountPayload, type MessageKind, type UnitPayload } from "./payloads";

export interface EquipmentPath {
  enterprise: string;
  site: string;
  area: string;
  line: string;
  station: string;
}

/** Where a record belongs: an ISA-95 path, or Sparkplug ids (device null = every station of the edge node). */
export type StationRef =
  | { type: "path"; key: string; path: EquipmentPath }
  | { type: "sparkplug"; group: string; edge: string; device: string | null };

export type GapKind = "node_death" | "sequence_gap" | "unknown_alias" | "silence";

/** What one message asks the database to record; the batch writer turns these into rows. */
export type IngestRecord =
  | { kind: "telemetry"; station: StationRef; ts: Date; metrics: [name: string, value: number][] }
  | { kind: "state"; station: StationRef; ts: Date; state: StationState; reason: string | null }
  | { kind: "alarm"; station: StationRef; ts: Date; alarm: AlarmPayload }
  | { kind: "count"; station: StationRef; ts: Date; count: CountPayload }
  | { kind: "unit"; station: StationRef; unit: UnitPayload; messageKey: string }
  | { kind: "gap-open"; station: StationRef; gap: GapKind; at: Date; detail: string }
  | { kind: "gap-close"; station: StationRef; at: Date };

export type ParseResult = { records: IngestRecord[] } | { error: string };

const kinds = new Set<string>(messageKinds);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `acme/hamburg/pumps/P1/P1-050/unit` → its path and kind, or null when it is not an ISA-95 data topic. */
export function parseIsa95Topic(topic: string): { path: EquipmentPath; key: string; kind: MessageKind } | null {
  const parts = topic.split("/");
  if (parts.length !== 6) return null;
  const [enterprise, site, area, line, station, kind] = parts as [string, string, string, string, string, string];
  if (!kinds.has(kind) || parts.some((p) => p.length === 0)) return null;
  return { path: { enterprise, site, area, line, station }, key: topic.slice(0, topic.length - kind.length - 1), kind: kind as MessageKind };
}

/** Publishers may omit messageId: the topic and exact bytes then stand for the message. */
export function messageKeyOf(topic: string, payload: Buffer, messageId: string | undefined) {
  if (messageId) return messageId;
  return `sha256:${createHash("sha256").update(topic).update("\n").update(payload).digest("hex")}`;
}

/** Validates an ISA-95 JSON message. Never throws: whatever is wrong comes back as the dead-letter reason. */
export function parseIsa95Message(topic: string, payload: Buffer): ParseResult {
  const parsedTopic = parseIsa95Topic(topic);
  if (!parsedTopic) return { error: `topic is not {enterprise}/{site}/{area}/{line}/{station}/{${messageKinds.join("|")}}` };
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { error: "payload is not valid UTF-8" };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `malformed JSON: ${(error as Error).message}` };
  }
  const station: StationRef = { type: "path", key: parsedTopic.key, path: parsedTopic.path };
  return toRecords(parsedTopic.kind, json, station, () => messageKeyOf(topic, payload, undefined));
}

/** Shared by ISA-95 JSON and Sparkplug's Threadline/<kind> string metrics. */
export function toRecords(kind: MessageKind, json: unknown, station: StationRef, fallbackKey: () => string): ParseResult {
  switch (kind) {
    case "telemetry": {
      const r = payloadSchemas.telemetry.safeParse(json);
      if (!r.success) return { error: `invalid telemetry payload: ${describeIssues(r.error)}` };
      return { records: [{ kind, station, ts: new Date(r.data.ts), metrics: Object.entries(r.data.metrics) }] };
    }
    case "state": {
      const r = payloadSchemas.state.safeParse(json);
      if (!r.success) return { error: `invalid state payload: ${describeIssues(r.error)}` };
      return { records: [{ kind, station, ts: new Date(r.data.ts), state: r.data.state, reason: r.data.reason ?? null }] };
    }
    case "alarm": {
      const r = payloadSchemas.alarm.safeParse(json);
      if (!r.success) return { error: `invalid alarm payload: ${describeIssues(r.error)}` };
      return { records: [{ kind, station, ts: new Date(r.data.ts), alarm: r.data }] };
    }
    case "count": {
      const r = payloadSchemas.count.safeParse(json);
      if (!r.success) return { error: `invalid count payload: ${describeIssues(r.error)}` };
      return { records: [{ kind, station, ts: new Date(r.data.ts), count: r.data }] };
    }
    case "unit": {
      const r = payloadSchemas.unit.safeParse(json);
      if (!r.success) return { error: `invalid unit payload: ${describeIssues(r.error)}` };
      return { records: [{ kind, station, unit: r.data, messageKey: r.data.messageId ?? fallbackKey() }] };
    }
  }
}

/** How far from the worker's clock a record's time may be; anything further is a dead letter. */
export interface TimeWindow {
  maxFutureMs: number;
  maxPastMs: number;
}

function timesOf(record: IngestRecord): [label: string, at: Date][] {
  switch (record.kind) {
    case "unit":
      return [["ts", new Date(record.unit.ts)], ...(record.unit.startedAt ? [["startedAt", new Date(record.unit.startedAt)] as [string, Date]] : [])];
    case "gap-open":
    case "gap-close":
      return [["time", record.at]];
    default:
      return [["ts", record.ts]];
  }
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
const describeSpan = (ms: number) => (ms % 86_400_000 === 0 ? plural(ms / 86_400_000, "day") : ms % 60_000 === 0 ? plural(ms / 60_000, "minute") : plural(ms / 1000, "second"));

/**
 * Why a record's time cannot be stored, or null. A clock years off (9999-12-31,
 * 1970) would open or close state intervals spanning decades, and every hour
 * of them is a KPI hour to recompute.
 */
export function timeWindowError(record: IngestRecord, receivedAt: number, window: TimeWindow): string | null {
  for (const [label, at] of timesOf(record)) {
    const ms = at.getTime();
    if (Number.isNaN(ms)) return `${label} is not a valid time`;
    const clock = `the worker's clock (${new Date(receivedAt).toISOString()} when received)`;
    if (ms > receivedAt + window.maxFutureMs) return `${label} ${at.toISOString()} is more than ${describeSpan(window.maxFutureMs)} ahead of ${clock}`;
    if (ms < receivedAt - window.maxPastMs) return `${label} ${at.toISOString()} is more than ${describeSpan(window.maxPastMs)} behind ${clock}`;
  }
  return null;
}

export function describeRef(ref: StationRef) {
  if (ref.type === "path") return ref.key;
  return `spBv1.0 ${ref.group}/${ref.edge}${ref.device === null ? "" : `/${ref.device}`}`;
}
