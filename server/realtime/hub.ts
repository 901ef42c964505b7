import { EventEmitter, on } from "node:events";

import { createSqlClient, type SqlClient } from "@/db";

import { REALTIME_CHANNEL, realtimeEvent, type RealtimeEvent } from "./events";

/** What subscribers receive: a change, or "resync" after the LISTEN connection came back (events may have been missed). */
export type HubMessage = ({ type: "change" } & RealtimeEvent) | { type: "resync"; at: string };

/**
 * One LISTEN connection per web server process, fanned out in memory to every
 * SSE subscriber: browsers never cost a Postgres connection of their own.
 */
export class RealtimeHub {
  private readonly emitter = new EventEmitter();
  private client: SqlClient | null = null;
  private hasListened = false;

  constructor(private readonly databaseUrl: string) {
    this.emitter.setMaxListeners(0);
  }

  async start() {
    if (this.client) return;
    // postgres.js re-issues LISTEN by itself when the connection drops and comes back.
    this.client = createSqlClient(this.databaseUrl, { max: 1, idle_timeout: 0 });
    await this.client.listen(
      REALTIME_CHANNEL,
      (payload) => {
        const parsed = realtimeEvent.safeParse(JSON.parse(payload));
        if (parsed.success) this.emitter.emit("message", { type: "change", ...parsed.data } satisfies HubMessage);
      },
      () => {
        if (this.hasListened) this.emitter.emit("message", { type: "resync", at: new Date().toISOString() } satisfies HubMessage);
        this.hasListened = true;
      },
    );
  }

  async *messages(signal: AbortSignal): AsyncGenerator<HubMessage> {
    await this.start();
    for await (const [message] of on(this.emitter, "message", { signal })) yield message as HubMessage;
  }

  get subscriberCount() {
    return this.emitter.listenerCount("message");
  }

  async stop() {
    await this.client?.end();
    this.client = null;
  }
}
