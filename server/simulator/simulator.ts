import mqtt, { type MqttClient } from "mqtt";

import type { SqlClient } from "@/db";

import { loadFactoryModel, refreshWorkOrders, type SimStation } from "./factory-model";
import { LineSimulator, type MessageKind, type SimOutput, type SimulatorOptions } from "./line-simulator";
import { SparkplugEdge, type EdgeMetric } from "./sparkplug-edge";

export const SIMULATOR_CLIENT_ID = "threadline-simulator";
const TICK_MS = 100;
const ANNOUNCE_EVERY_MS = 60_000;

export interface RunningSimulator {
  readonly simulator: LineSimulator;
  stop(): Promise<void>;
}

/**
 * Loads the plant from the database and publishes its traffic: ISA-95 JSON
 * (telemetry at QoS 0; state, unit and alarm at QoS 1) for most stations,
 * Sparkplug B for those with a sparkplug_mappings row.
 */
export async function startSimulator(sql: SqlClient, mqttUrl: string, options: SimulatorOptions & { clientId?: string }): Promise<RunningSimulator> {
  const model = await loadFactoryModel(sql);
  const clientId = options.clientId ?? SIMULATOR_CLIENT_ID;
  const client: MqttClient = await mqtt.connectAsync(mqttUrl, { clientId, protocolVersion: 4, clean: true, reconnectPeriod: 1000 });

  const edges = new Map<string, SparkplugEdge>();
  const byEdge = new Map<string, SimStation[]>();
  for (const station of model.stations) {
    if (!station.sparkplug) continue;
    const key = `${station.sparkplug.group}/${station.sparkplug.edge}`;
    byEdge.set(key, [...(byEdge.get(key) ?? []), station]);
  }
  for (const [key, stations] of byEdge) {
    const first = stations[0]?.sparkplug;
    if (!first) continue;
    const devices = new Map<string, EdgeMetric[]>(
      stations.map((s) => [
        s.sparkplug?.device ?? s.code,
        [
          ...s.metrics.map((m): EdgeMetric => ({ name: `Telemetry/${m.name}`, type: "Double", value: m.mean })),
          ...(["state", "unit", "alarm"] as const).map((kind): EdgeMetric => ({ name: `Threadline/${kind}`, type: "String", value: "" })),
        ],
      ]),
    );
    const edge = new SparkplugEdge(mqttUrl, first.group, first.edge, devices);
    await edge.start(`${clientId}-${first.edge}`);
    edges.set(key, edge);
  }

  const output: SimOutput = {
    send(station: SimStation, kind: MessageKind, payload: Record<string, unknown>, ts: number) {
      const qos = kind === "telemetry" ? 0 : 1;
      const sp = station.sparkplug;
      const edge = sp && edges.get(`${sp.group}/${sp.edge}`);
      if (sp && edge) {
        const metrics: EdgeMetric[] =
          kind === "telemetry"
            ? Object.entries(payload.metrics as Record<string, number>).map(([name, value]) => ({ name: `Telemetry/${name}`, type: "Double", value }))
            : [{ name: `Threadline/${kind}`, type: "String", value: JSON.stringify(payload) }];
        edge.data(sp.device, metrics, ts);
        return;
      }
      client.publish(`${station.path}/${kind}`, JSON.stringify(payload), { qos });
    },
  };

  const simulator = new LineSimulator(model, output, options);
  simulator.announce();
  client.on("connect", () => simulator.announce());
  const timer = setInterval(() => simulator.tick(), TICK_MS);
  // Machines repeat their state now and then: a consumer that came late still learns it (repeats are no new interval).
  // Planners release, hold and close orders meanwhile: new units follow the orders open now.
  const reannounce = setInterval(() => {
    simulator.announce();
    refreshWorkOrders(sql, model.products).catch((error: unknown) => console.error("[simulator] could not read the open work orders:", error));
  }, ANNOUNCE_EVERY_MS);
  let stopping: Promise<void> | undefined;

  return {
    simulator,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        clearInterval(reannounce);
        await Promise.all([...edges.values()].map((e) => e.stop()));
        await client.endAsync();
      })();
      return stopping;
    },
  };
}
