import { asc, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { deadLetters, ingestWorkers, lines, stations } from "@/db/schema";

/** What the admin sees of ingestion: the workers' own heartbeat rows, dead letters, and each station's last message. */
export async function getIngestionHealth(db: DbOrTx) {
  const [workers, [totals], recent, stationRows] = await Promise.all([
    db.select().from(ingestWorkers).orderBy(desc(ingestWorkers.heartbeatAt)).limit(50),
    db
      .select({ total: sql<number>`count(*)::int`, lastDay: sql<number>`count(*) filter (where ${deadLetters.receivedAt} > now() - interval '1 day')::int` })
      .from(deadLetters),
    db
      .select({ id: deadLetters.id, receivedAt: deadLetters.receivedAt, topic: deadLetters.topic, error: deadLetters.error, payload: sql<string>`left(convert_from(${deadLetters.payload}, 'UTF8'), 200)` })
      .from(deadLetters)
      .orderBy(desc(deadLetters.receivedAt))
      .limit(20),
    db.select({ id: stations.id, code: stations.code, line: lines.code, expectedIntervalSeconds: stations.expectedIntervalSeconds }).from(stations).innerJoin(lines, eq(lines.id, stations.lineId)).where(isNull(stations.retiredAt)).orderBy(asc(lines.code), asc(stations.position)),
  ]);
  const now = Date.now();
  const isAlive = (w: (typeof workers)[number]) => !w.stoppedAt && now - w.heartbeatAt.getTime() < 3 * 60_000;
  const lastMessage = new Map<number, Date>();
  for (const w of workers.filter(isAlive)) {
    for (const [id, at] of Object.entries(w.stats.lastMessageAt)) {
      const date = new Date(at);
      const known = lastMessage.get(Number(id));
      if (!known || known < date) lastMessage.set(Number(id), date);
    }
  }
  // Partition maintenance reports through the worker that runs it (docs/data-lifecycle.md): the freshest report counts.
  const partitions = workers
    .filter(isAlive)
    .flatMap((w) => w.stats.partitions ?? [])
    .sort((a, b) => b.checkedAt.localeCompare(a.checkedAt))
    .filter((status, i, all) => all.findIndex((s) => s.table === status.table) === i);
  return {
    partitions,
    // A live worker that holds messages without committing them is stalled, whatever its connections say.
    workers: workers.map((w) => ({ ...w, isAlive: isAlive(w), stalledReason: isAlive(w) ? (w.stats.stalledReason ?? null) : null })),
    deadLetters: { total: totals?.total ?? 0, lastDay: totals?.lastDay ?? 0, recent },
    stations: stationRows.map((s) => {
      const at = lastMessage.get(s.id) ?? null;
      return { ...s, lastMessageAt: at, isSilent: !at || now - at.getTime() > s.expectedIntervalSeconds * 1000 };
    }),
  };
}

export const listDeadLettersInput = z.object({
  /** The id of the last row of the previous page (newest first). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/**
 * Dead letters newest first, a page at a time (docs/api.md). The payload is
 * base64: a Sparkplug payload is binary and not every JSON one is valid UTF-8.
 */
export async function listDeadLetters(db: DbOrTx, input: z.input<typeof listDeadLettersInput>) {
  const { cursor, limit } = listDeadLettersInput.parse(input);
  const rows = await db
    .select({ id: deadLetters.id, receivedAt: deadLetters.receivedAt, topic: deadLetters.topic, error: deadLetters.error, payloadBase64: sql<string>`encode(${deadLetters.payload}, 'base64')` })
    .from(deadLetters)
    .where(cursor ? lt(deadLetters.id, cursor) : undefined)
    .orderBy(desc(deadLetters.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, payloadBase64: r.payloadBase64.replaceAll("\n", "") }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
