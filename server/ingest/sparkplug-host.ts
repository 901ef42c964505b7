import { get as getSparkplugCodec } from "sparkplug-payload";
import type { UMetric, UPayload } from "sparkplug-payload/lib/sparkplugbpayload";

import { messageKinds, type MessageKind } from "./payloads";
import { messageKeyOf, toRecords, type IngestRecord, type StationRef } from "./records";

const codec = getSparkplugCodec("spBv1.0");
if (!codec) throw new Error("sparkplug-payload does not know the spBv1.0 namespace");
export const sparkplug = codec;

export const SPARKPLUG_NAMESPACE = "spBv1.0";
const REBIRTH_MIN_INTERVAL_MS = 5000;
const numericTypes = new Set(["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float", "Double"]);
const threadlineKinds = new Set<string>(messageKinds);

export interface SparkplugOutcome {
  records: IngestRecord[];
  errors: string[];
}

interface NodeState {
  bdSeq: number | null;
  seq: number;
  /** Device id ("" for the node itself) → alias → metric name. */
  aliases: Map<string, Map<number, string>>;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value && typeof value === "object" && "toNumber" in value && typeof value.toNumber === "function") return (value as { toNumber(): number }).toNumber();
  return null;
}

/**
 * The Sparkplug B host application side: decodes payloads, keeps each edge
 * node's bdSeq, seq and metric aliases from its BIRTH messages, records
 * gaps and deaths, and asks for a rebirth whenever its picture of a node is
 * incomplete. Messages must be fed in arrival order.
 *
 * Numeric and boolean metrics become telemetry ("Telemetry/" is dropped from
 * their names); a String metric named `Threadline/<kind>` carries the JSON
 * payload of that ISA-95 kind (state, unit, alarm, count), its `ts` defaulting
 * to the metric's timestamp.
 */
export class SparkplugHost {
  private readonly nodes = new Map<string, NodeState>();
  private readonly lastRebirth = new Map<string, number>();
  /** Requests held back by the minimum interval, one per node: later reasons join it. */
  private readonly delayedRebirths = new Map<string, NodeJS.Timeout>();
  rebirthRequests = 0;

  constructor(
    readonly hostId: string,
    private readonly requestRebirth: (topic: string, payload: Buffer) => void,
  ) {}

  get stateTopic() {
    return `${SPARKPLUG_NAMESPACE}/STATE/${this.hostId}`;
  }

  statePayload(online: boolean, timestamp: number) {
    return Buffer.from(JSON.stringify({ online, timestamp }));
  }

  handle(topic: string, payload: Buffer, receivedAt: Date): SparkplugOutcome {
    const parts = topic.split("/");
    const [, group, type, edge, device] = parts;
    // Host applications' STATE and the commands sent to edge nodes carry no plant data.
    if (group === "STATE" || type === "NCMD" || type === "DCMD") return { records: [], errors: [] };
    if (!group || !type || !edge || parts.length > 5 || (device === undefined) !== type.startsWith("N")) {
      return { records: [], errors: ["topic is not spBv1.0/{group}/{NBIRTH|NDATA|NDEATH|DBIRTH|DDATA|DDEATH}/{edge}[/{device}]"] };
    }
    let decoded: UPayload;
    try {
      decoded = sparkplug.decodePayload(payload);
    } catch (error) {
      return { records: [], errors: [`Sparkplug B payload could not be decoded: ${(error as Error).message}`] };
    }
    const nodeKey = `${group}/${edge}`;
    const node: StationRef = { type: "sparkplug", group, edge, device: null };
    const at = new Date(toNumber(decoded.timestamp) ?? receivedAt.getTime());
    const seq = toNumber(decoded.seq);
    const records: IngestRecord[] = [];
    const errors: string[] = [];
    let state = this.nodes.get(nodeKey);

    switch (type) {
      case "NBIRTH": {
        const bdSeq = toNumber(decoded.metrics?.find((m) => m.name === "bdSeq")?.value);
        state = { bdSeq, seq: seq ?? 0, aliases: new Map() };
        this.nodes.set(nodeKey, state);
        // The birth answers whatever a delayed request was going to ask for.
        clearTimeout(this.delayedRebirths.get(nodeKey));
        this.delayedRebirths.delete(nodeKey);
        records.push({ kind: "gap-close", station: node, at });
        this.collect(topic, decoded, state, "", { type: "sparkplug", group, edge, device: "" }, at, records, errors, nodeKey);
        return { records, errors };
      }
      case "NDEATH": {
        const bdSeq = toNumber(decoded.metrics?.find((m) => m.name === "bdSeq")?.value);
        // A death certificate from an older session (its bdSeq is not the current birth's) changes nothing.
        if (state && state.bdSeq !== null && bdSeq !== null && bdSeq !== state.bdSeq) return { records, errors };
        this.nodes.delete(nodeKey);
        records.push({ kind: "gap-open", station: node, gap: "node_death", at: receivedAt, detail: `NDEATH of ${nodeKey} (bdSeq ${bdSeq ?? "?"})` });
        return { records, errors };
      }
    }

    if (!state) {
      this.rebirth(group, edge);
    } else if (seq !== null && seq !== (state.seq + 1) % 256) {
      records.push({ kind: "gap-open", station: node, gap: "sequence_gap", at: receivedAt, detail: `${type} of ${nodeKey}: expected seq ${(state.seq + 1) % 256}, received ${seq}` });
      this.rebirth(group, edge);
    }
    if (state && seq !== null) state.seq = seq;

    const deviceId = device ?? "";
    const station: StationRef = { type: "sparkplug", group, edge, device: deviceId };
    switch (type) {
      case "DBIRTH":
        if (state) state.aliases.set(deviceId, new Map());
        records.push({ kind: "gap-close", station, at });
        break;
      case "DDEATH":
        state?.aliases.delete(deviceId);
        records.push({ kind: "gap-open", station, gap: "node_death", at: receivedAt, detail: `DDEATH of ${nodeKey}/${deviceId}` });
        return { records, errors };
      case "NDATA":
      case "DDATA":
        break;
      default:
        return { records, errors: [`unknown Sparkplug message type ${type}`] };
    }
    this.collect(topic, decoded, state, deviceId, station, at, records, errors, nodeKey);
    return { records, errors };
  }

  private collect(topic: string, payload: UPayload, state: NodeState | undefined, deviceId: string, station: StationRef, at: Date, records: IngestRecord[], errors: string[], nodeKey: string) {
    const isBirth = topic.includes("BIRTH");
    const aliases = state?.aliases.get(deviceId);
    const samples = new Map<number, [string, number][]>();
    const unknownAliases: string[] = [];
    for (const metric of payload.metrics ?? []) {
      const alias = toNumber(metric.alias);
      let name = metric.name ?? undefined;
      if (isBirth && name && alias !== null) aliases?.set(alias, name);
      if (!name && alias !== null) name = aliases?.get(alias);
      if (!name) {
        unknownAliases.push(String(alias ?? "none"));
        continue;
      }
      this.collectMetric(topic, metric, name, station, at, samples, records, errors);
    }
    for (const [ts, metrics] of samples) records.push({ kind: "telemetry", station, ts: new Date(ts), metrics });
    if (unknownAliases.length) {
      const [group = "", edge = ""] = nodeKey.split("/");
      records.push({ kind: "gap-open", station, gap: "unknown_alias", at, detail: `unknown metric alias ${unknownAliases.slice(0, 10).join(", ")} from ${nodeKey}${deviceId ? `/${deviceId}` : ""}` });
      this.rebirth(group, edge);
    }
  }

  private collectMetric(topic: string, metric: UMetric, name: string, station: StationRef, at: Date, samples: Map<number, [string, number][]>, records: IngestRecord[], errors: string[]) {
    if (name === "bdSeq" || name.startsWith("Node Control/") || name.startsWith("Device Control/") || name.startsWith("Properties/")) return;
    if (metric.value === null || metric.value === undefined) return;
    const ts = toNumber(metric.timestamp) ?? at.getTime();
    if (name.startsWith("Threadline/")) {
      const kind = name.slice("Threadline/".length);
      if (!threadlineKinds.has(kind) || typeof metric.value !== "string") {
        errors.push(`metric ${name}: expected a String metric Threadline/{${messageKinds.join("|")}}`);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(metric.value);
      } catch (error) {
        errors.push(`metric ${name}: malformed JSON: ${(error as Error).message}`);
        return;
      }
      if (json && typeof json === "object" && !("ts" in json)) json = { ...json, ts: new Date(ts).toISOString() };
      const valueBytes = Buffer.from(metric.value);
      const result = toRecords(kind as MessageKind, json, station, () => messageKeyOf(`${topic}#${ts}`, valueBytes, undefined));
      if ("error" in result) errors.push(`metric ${name}: ${result.error}`);
      else records.push(...result.records);
      return;
    }
    if (!numericTypes.has(metric.type) && metric.type !== "Boolean") return;
    const value = toNumber(metric.value);
    if (value === null || !Number.isFinite(value)) return;
    const metricName = name.replace(/^Telemetry\//, "").replace(/[^A-Za-z0-9_.:/-]/g, "_").slice(0, 64);
    let bucket = samples.get(ts);
    if (!bucket) samples.set(ts, (bucket = []));
    bucket.push([metricName, value]);
  }

  /** Drops the requests still held back (the host is going offline). */
  stop() {
    for (const timer of this.delayedRebirths.values()) clearTimeout(timer);
    this.delayedRebirths.clear();
  }

  /** Asks the node for a rebirth at once, or as soon as the minimum interval since the last request has passed. */
  private rebirth(group: string, edge: string) {
    const key = `${group}/${edge}`;
    if (this.delayedRebirths.has(key)) return;
    const wait = (this.lastRebirth.get(key) ?? -Infinity) + REBIRTH_MIN_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.delayedRebirths.set(
        key,
        setTimeout(() => {
          this.delayedRebirths.delete(key);
          this.sendRebirth(group, edge);
        }, wait),
      );
      return;
    }
    this.sendRebirth(group, edge);
  }

  private sendRebirth(group: string, edge: string) {
    const now = Date.now();
    this.lastRebirth.set(`${group}/${edge}`, now);
    this.rebirthRequests++;
    const payload = sparkplug.encodePayload({ timestamp: now, metrics: [{ name: "Node Control/Rebirth", type: "Boolean", value: true }] });
    this.requestRebirth(`${SPARKPLUG_NAMESPACE}/${group}/NCMD/${edge}`, Buffer.from(payload));
  }
}
