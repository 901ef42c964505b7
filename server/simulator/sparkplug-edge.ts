import mqtt, { type MqttClient } from "mqtt";
import type { UMetric } from "sparkplug-payload/lib/sparkplugbpayload";

import { sparkplug, SPARKPLUG_NAMESPACE } from "@/server/ingest/sparkplug-host";

export type EdgeMetric = { name: string; type: "Double" | "String"; value: number | string };

/**
 * A Sparkplug B edge node with devices: NBIRTH/DBIRTH with metric aliases on
 * every connect and on a host's rebirth request, DDATA by alias with a
 * running seq, NDEATH as its MQTT will and on a clean stop.
 *
 * Everything goes at QoS 1, where the specification asks QoS 0 for BIRTH and
 * DATA: unit results must not be lost, and mqtt.js writes a QoS 0 publish
 * ahead of QoS 1 ones still being stored, which would scramble `seq`.
 */
export class SparkplugEdge {
  private client: MqttClient | null = null;
  private seq = 0;
  private readonly bdSeq = Math.floor(Math.random() * 256);
  private readonly aliases = new Map<string, Map<string, number>>();
  private nextAlias = 1;
  private isBorn = false;

  constructor(
    private readonly url: string,
    readonly group: string,
    readonly edge: string,
    /** Device id → the metrics it reports. */
    private readonly devices: Map<string, EdgeMetric[]>,
  ) {
    for (const [device, metrics] of devices) this.aliases.set(device, new Map(metrics.map((m) => [m.name, this.nextAlias++])));
  }

  private topic(type: string, device?: string) {
    return `${SPARKPLUG_NAMESPACE}/${this.group}/${type}/${this.edge}${device ? `/${device}` : ""}`;
  }

  private death() {
    return Buffer.from(sparkplug.encodePayload({ timestamp: Date.now(), metrics: [{ name: "bdSeq", type: "UInt64", value: this.bdSeq }] }));
  }

  async start(clientId: string) {
    this.client = await mqtt.connectAsync(this.url, {
      clientId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 1000,
      will: { topic: this.topic("NDEATH"), payload: this.death(), qos: 1, retain: false },
    });
    const client = this.client;
    client.on("connect", () => this.birth());
    client.on("message", (topic, payload) => {
      const metrics = sparkplug.decodePayload(payload).metrics ?? [];
      if (metrics.some((m) => m.name === "Node Control/Rebirth" && m.value === true)) this.birth();
    });
    await client.subscribeAsync(this.topic("NCMD"), { qos: 1 });
    this.birth();
  }

  private nextSeq() {
    const seq = this.seq;
    this.seq = (this.seq + 1) % 256;
    return seq;
  }

  private birth() {
    const client = this.client;
    if (!client) return;
    this.seq = 0;
    const now = Date.now();
    const nodeMetrics: UMetric[] = [
      { name: "bdSeq", type: "UInt64", value: this.bdSeq },
      { name: "Node Control/Rebirth", type: "Boolean", value: false },
    ];
    client.publish(this.topic("NBIRTH"), Buffer.from(sparkplug.encodePayload({ timestamp: now, seq: this.nextSeq(), metrics: nodeMetrics })), { qos: 1 });
    for (const [device, metrics] of this.devices) {
      const aliases = this.aliases.get(device);
      const payload = sparkplug.encodePayload({
        timestamp: now,
        seq: this.nextSeq(),
        // String metrics carry messages: they are born null, so the birth implies none.
        metrics: metrics.map((m) => ({ name: m.name, alias: aliases?.get(m.name), type: m.type, value: m.type === "String" ? null : m.value, timestamp: now })),
      });
      client.publish(this.topic("DBIRTH", device), Buffer.from(payload), { qos: 1 });
    }
    this.isBorn = true;
  }

  /** DDATA by alias. */
  data(device: string, metrics: EdgeMetric[], timestamp: number) {
    const client = this.client;
    if (!client?.connected || !this.isBorn) return false;
    const aliases = this.aliases.get(device);
    const payload = sparkplug.encodePayload({
      timestamp,
      seq: this.nextSeq(),
      metrics: metrics.map((m) => {
        const alias = aliases?.get(m.name);
        return alias === undefined ? { name: m.name, type: m.type, value: m.value, timestamp } : { alias, type: m.type, value: m.value, timestamp };
      }),
    });
    client.publish(this.topic("DDATA", device), Buffer.from(payload), { qos: 1 });
    return true;
  }

  async stop() {
    const client = this.client;
    if (!client) return;
    if (client.connected) await client.publishAsync(this.topic("NDEATH"), this.death(), { qos: 1 });
    await client.endAsync();
  }
}
