import { randomUUID } from "node:crypto";
import { EventEmitter, on } from "node:events";

import { createSqlClient, type SqlClient } from "@/db";

import { REALTIME_CHANNEL, realtimeEvent, type RealtimeEvent } from "./events";

/** What subscribers receive: a change, or "resync" after the LISTEN connection came back (events may have been missed). */
const TELEMETRY_COALESCE_MS = 1000;

interface MemoEntry {
  expires: number;
  value: Promise<unknown>;
  isSettled: boolean;
  isRefreshing: boolean;
}

export type HubMessage = ({ type: "change" } & RealtimeEvent) | { type: "resync"; at: string };

/**
 * One LISTEN connection per web server process, fanned out in memory to every
 * SSE subscriber: browsers never cost a Postgres connection of their own.
 */
export class RealtimeHub {
  private readonly emitter = new EventEmitter();
  private client: SqlClient | null = null;
  private hasListened = false;
  private readonly pendingTelemetry = new Set<number>();
  private readonly memo = new Map<string, MemoEntry>();
  private telemetryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pings = new Map<string, () => void>();

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
        const json: unknown = JSON.parse(payload);
        if (json && typeof json === "object" && "ping" in json) return this.pings.get(String(json.ping))?.();
        const parsed = realtimeEvent.safeParse(json);
        if (!parsed.success) return;
        if (parsed.data.kind === "telemetry") return this.coalesceTelemetry(parsed.data.stationIds);
        this.memo.clear();
        this.emitter.emit("message", { type: "change", ...parsed.data } satisfies HubMessage);
      },
      () => {
        this.memo.clear();
        if (this.hasListened) this.emitter.emit("message", { type: "resync", at: new Date().toISOString() } satisfies HubMessage);
        this.hasListened = true;
      },
    );
  }

  /**
   * Telemetry arrives with every ingest batch (tens per second); screens need
   * it about once a second, so it is merged here before the fan-out.
   */
  private coalesceTelemetry(stationIds: number[]) {
    for (const id of stationIds) this.pendingTelemetry.add(id);
    this.telemetryTimer ??= setTimeout(() => {
      this.telemetryTimer = null;
      const ids = [...this.pendingTelemetry];
      this.pendingTelemetry.clear();
      this.emitter.emit("message", { type: "change", kind: "telemetry", stationIds: ids, at: new Date().toISOString() } satisfies HubMessage);
    }, TELEMETRY_COALESCE_MS);
  }

  /**
   * One computation shared by every caller (fifty supervisors' screens cost
   * one query) until the next change arrives. After `ttlMs` without a change
   * (time alone moved on), callers keep getting the last value while one
   * refresh runs, so nobody waits for it; after a change, everybody waits
   * for the new value, never the one from before the change.
   */
  cached<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    void this.start();
    const hit = this.memo.get(key);
    if (hit && (hit.expires > Date.now() || !hit.isSettled || hit.isRefreshing)) return hit.value as Promise<T>;
    if (hit) {
      hit.isRefreshing = true;
      this.remember(key, ttlMs, compute(), hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    this.remember(key, ttlMs, value);
    return value;
  }

  /** Stores `value` once it resolves (unless a change cleared the memo meanwhile); a first computation is shared while it runs. */
  private remember(key: string, ttlMs: number, value: Promise<unknown>, previous?: MemoEntry) {
    const entry: MemoEntry = { expires: Date.now() + ttlMs, value, isSettled: false, isRefreshing: false };
    if (!previous) this.memo.set(key, entry);
    value.then(
      () => {
        entry.isSettled = true;
        entry.expires = Date.now() + ttlMs;
        if (previous && this.memo.get(key) === previous) this.memo.set(key, entry);
      },
      () => {
        if (previous) previous.isRefreshing = false;
        else if (this.memo.get(key) === entry) this.memo.delete(key);
      },
    );
  }

  async *messages(signal: AbortSignal): AsyncGenerator<HubMessage> {
    await this.start();
    for await (const [message] of on(this.emitter, "message", { signal })) yield message as HubMessage;
  }

  /**
   * A NOTIFY sent through the database and received back on this hub's LISTEN
   * connection: proof that live updates reach this process (docs/operations.md).
   * Resolves with the round trip in ms; rejects after `timeoutMs`.
   */
  async ping(timeoutMs: number): Promise<number> {
    await this.start();
    const id = randomUUID();
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          this.pings.set(id, resolve);
          void this.client?.notify(REALTIME_CHANNEL, JSON.stringify({ ping: id }));
        }),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no NOTIFY came back within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      return performance.now() - started;
    } finally {
      clearTimeout(timer);
      this.pings.delete(id);
    }
  }

  get subscriberCount() {
    return this.emitter.listenerCount("message");
  }

  async stop() {
    if (this.telemetryTimer) clearTimeout(this.telemetryTimer);
    await this.client?.end();
    this.client = null;
  }
}
