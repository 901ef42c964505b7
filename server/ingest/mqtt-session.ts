import type net from "node:net";

import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from "mqtt";

export type ProtocolChoice = "auto" | "4" | "5";
type Log = (level: "info" | "warn" | "error", message: string) => void;

/** mqtt.js's hook accepts an error to skip its own PUBACK; we send it after the commit instead. */
const ACK_DEFERRED = new Error("PUBACK deferred until the batch is committed");
const SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;

/** The network connection a message came on; only that connection can acknowledge it. */
export type Connection = MqttClient["stream"];

export interface MqttSessionOptions {
  url: string;
  clientId: string;
  protocol: ProtocolChoice;
  /** Unacknowledged QoS 1 messages the broker may send us (MQTT 5 Receive Maximum). */
  receiveMaximum: number;
  keepaliveSeconds: number;
  subscriptions: string[];
  will?: { topic: string; payload: Buffer; qos: 1; retain: boolean };
  /** Called in arrival order, once per message; returns false when it did not take the message. */
  onMessage: (packet: IPublishPacket, connection: Connection) => boolean;
  /** True while the worker holds as many messages as it may: reading from the socket stops. */
  isFull: () => boolean;
  onConnect?: (connection: Connection) => void;
  onStatus?: (connected: boolean) => void;
  log: Log;
}

interface PacketSender {
  _sendPacket(packet: { cmd: "puback"; messageId: number }, callback?: () => void): void;
}

/** Asks the broker for MQTT 5 and settles for 3.1.1 when it refuses (aedes does). */
export async function detectProtocolVersion(url: string, clientId: string, log: Log): Promise<4 | 5> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await new Promise<4 | 5 | "retry">((resolve) => {
      const probe = mqtt.connect(url, { protocolVersion: 5, clientId: `${clientId}-probe`, clean: true, reconnectPeriod: 0, connectTimeout: 5000 });
      probe.once("connect", () => (probe.end(true), resolve(5)));
      probe.once("error", (error: Error & { code?: number | string }) => {
        probe.end(true);
        resolve(error.code === 1 || /protocol version/i.test(error.message) ? 4 : "retry");
      });
      probe.once("close", () => resolve("retry"));
    });
    if (outcome !== "retry") return outcome;
    if (attempt % 10 === 0) log("warn", `MQTT broker at ${url} not reachable yet; retrying`);
    await new Promise((r) => setTimeout(r, Math.min(2000, 200 * (attempt + 1))));
  }
}

/**
 * A persistent MQTT session (fixed client id, clean: false) whose QoS 1
 * messages are acknowledged only when the caller says so. mqtt.js handles one
 * incoming packet at a time and sends the PUBACK when `handleMessage` calls
 * back; we call back at once with an error, which makes it skip the PUBACK,
 * and send the PUBACK ourselves after the commit. When the caller is full the
 * callback is held, so mqtt.js stops reading the socket and TCP pushes back
 * on the broker: memory stays bounded.
 */
export class MqttSession {
  client: MqttClient | null = null;
  protocolVersion: 4 | 5 | null = null;
  private held: (() => void)[] = [];

  constructor(private readonly options: MqttSessionOptions) {}

  get isConnected() {
    return this.client?.connected ?? false;
  }

  async start() {
    const { options } = this;
    this.protocolVersion = options.protocol === "auto" ? await detectProtocolVersion(options.url, options.clientId, options.log) : options.protocol === "5" ? 5 : 4;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      clean: false,
      protocolVersion: this.protocolVersion,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: options.keepaliveSeconds,
      resubscribe: false,
      will: options.will,
      properties: this.protocolVersion === 5 ? { sessionExpiryInterval: SESSION_EXPIRY_SECONDS, receiveMaximum: Math.min(65_535, options.receiveMaximum) } : undefined,
    };
    const client = mqtt.connect(options.url, clientOptions);
    this.client = client;

    // mqtt.js hands a packet over while the stream it was read from is still `client.stream`:
    // it drops what is left of an old stream's packets once a new stream is set up. Its
    // `connect` event is no mark of the new stream: it waits until the packets we had not yet
    // sent (the Sparkplug STATE) are acknowledged, and the broker sends the session's messages first.
    client.handleMessage = (packet, callback) => {
      const isTaken = options.onMessage(packet, client.stream);
      if (isTaken && options.isFull()) this.held.push(() => callback(ACK_DEFERRED));
      else callback(ACK_DEFERRED);
    };
    client.on("connect", () => {
      (client.stream as Partial<net.Socket>).setNoDelay?.(true);
      options.onConnect?.(client.stream);
      options.onStatus?.(true);
      client.subscribe(options.subscriptions, { qos: 1 }, (error) => {
        if (error) options.log("error", `MQTT subscribe failed: ${error.message}`);
      });
    });
    client.on("close", () => {
      // Held callbacks belong to the closed connection's packet pump: its messages come again.
      this.held = [];
      options.onStatus?.(false);
    });
    client.on("error", (error) => options.log("warn", `MQTT: ${error.message}`));

    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
  }

  /** PUBACK for a committed message; false when its connection is gone (the broker will send it again). */
  ack(messageId: number, connection: Connection): boolean {
    const client = this.client;
    if (!client?.connected || client.stream !== connection) return false;
    (client as unknown as PacketSender)._sendPacket({ cmd: "puback", messageId });
    return true;
  }

  /** Lets mqtt.js read again once the caller has room. */
  resume() {
    while (this.held.length && !this.options.isFull()) this.held.shift()?.();
  }

  publish(topic: string, payload: Buffer, options: { qos: 0 | 1; retain?: boolean }) {
    this.client?.publish(topic, payload, options);
  }

  async end() {
    const client = this.client;
    if (!client) return;
    await client.endAsync();
  }
}
