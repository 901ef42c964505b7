import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import type { PartitionStatus, RetentionDataClass } from "@/db/schema";

/**
 * The tables range-partitioned by month (UTC) on a timestamp, with a default
 * partition for what no month takes (docs/data-lifecycle.md). Station states
 * and alarms are plain tables: retention never touches them.
 */
export const partitionedTables = [{ dataClass: "telemetry", table: "telemetry_samples", column: "ts" }] as const satisfies readonly { dataClass: RetentionDataClass; table: string; column: string }[];
export type PartitionedTable = (typeof partitionedTables)[number];

/** How long maintenance waits for a table lock before giving up until its next run: ingestion queues behind a waiting lock. */
const LOCK_TIMEOUT = "2s";

export interface Partition {
  name: string;
  isDefault: boolean;
  /** Null for the default partition. */
  from: Date | null;
  to: Date | null;
  /** From the planner's statistics; null until the partition was first analysed. */
  rowEstimate: number | null;
  bytes: number;
}

export function monthStart(at: Date, plusMonths = 0) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + plusMonths, 1));
}

export function partitionName(table: string, month: Date) {
  return `${table}_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

const epoch = (value: unknown) => (value === null ? null : new Date(Number(value) * 1000));

export async function listPartitions(db: DbOrTx, table: string): Promise<Partition[]> {
  const rows = await db.execute<{ name: string; bound: string; from: string | null; to: string | null; rowEstimate: number; bytes: number }>(sql`
    select c.relname as name, b.bound,
      extract(epoch from (regexp_match(b.bound, 'FROM [(]''([^'']+)''[)]'))[1]::timestamptz)::float8 as "from",
      extract(epoch from (regexp_match(b.bound, 'TO [(]''([^'']+)''[)]'))[1]::timestamptz)::float8 as "to",
      c.reltuples::float8 as "rowEstimate", pg_total_relation_size(c.oid)::float8 as bytes
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    cross join lateral (select pg_get_expr(c.relpartbound, c.oid) as bound) b
    where i.inhparent = ${table}::regclass
    order by 3 nulls first`);
  return rows.map((r) => ({
    name: r.name,
    isDefault: r.bound === "DEFAULT",
    from: epoch(r.from),
    to: epoch(r.to),
    rowEstimate: r.rowEstimate < 0 ? null : Math.round(r.rowEstimate),
    bytes: r.bytes,
  }));
}

/** Months (their first instant, UTC) of the rows sitting in the default partition. */
async function strandedMonths(db: DbOrTx, target: PartitionedTable, defaultPartition: string) {
  const rows = await db.execute<{ month: number }>(
    sql`select distinct extract(epoch from date_trunc('month', ${sql.identifier(target.column)}, 'UTC'))::float8 as month from ${sql.identifier(defaultPartition)}`,
  );
  return rows.map((r) => new Date(r.month * 1000));
}

const literal = (at: Date) => `'${at.toISOString()}'`;

/**
 * Creates the month's partition. Rows of that month already in the default
 * partition (which then forbids creating it) move into the new partition: the
 * default is detached, the partition created and filled, the default attached
 * again, all in one transaction under an exclusive lock on the table, so
 * concurrent inserts wait and then land in the right place.
 */
async function createMonthPartition(db: DbOrTx, target: PartitionedTable, month: Date, log: (message: string) => void) {
  const from = month;
  const to = monthStart(month, 1);
  const name = partitionName(target.table, month);
  const parent = sql.identifier(target.table);
  const column = sql.identifier(target.column);
  const range = sql.raw(`for values from (${literal(from)}) to (${literal(to)})`);
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql`lock table ${parent} in access exclusive mode`);
    const partitions = await listPartitions(tx, target.table);
    if (partitions.some((p) => p.from && p.to && p.from < to && p.to > from)) return;
    const defaultPartition = partitions.find((p) => p.isDefault)?.name;
    const [stranded] = defaultPartition
      ? await tx.execute<{ n: number }>(sql`select count(*)::float8 as n from ${sql.identifier(defaultPartition)} where ${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`)
      : [];
    if (!defaultPartition || !stranded?.n) {
      await tx.execute(sql`create table ${sql.identifier(name)} partition of ${parent} ${range}`);
      log(`created partition ${name}`);
      return;
    }
    const source = sql.identifier(defaultPartition);
    await tx.execute(sql`alter table ${parent} detach partition ${source}`);
    await tx.execute(sql`create table ${sql.identifier(name)} partition of ${parent} ${range}`);
    await tx.execute(sql`insert into ${sql.identifier(name)} select * from ${source} where ${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`);
    await tx.execute(sql`delete from ${source} where ${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`);
    await tx.execute(sql`alter table ${parent} attach partition ${source} default`);
    log(`created partition ${name} and moved ${stranded.n} rows of that month into it from ${defaultPartition}`);
  });
}

/**
 * Makes every partitioned table have a partition for this month and the next
 * `monthsAhead`, and for every month of rows stranded in its default partition.
 */
export async function ensurePartitions(db: DbOrTx, options: { now: Date; monthsAhead: number; log: (message: string) => void }) {
  for (const target of partitionedTables) {
    const partitions = await listPartitions(db, target.table);
    const defaultPartition = partitions.find((p) => p.isDefault)?.name;
    const months = Array.from({ length: options.monthsAhead + 1 }, (_, i) => monthStart(options.now, i));
    if (defaultPartition) months.push(...(await strandedMonths(db, target, defaultPartition)));
    const isCovered = (month: Date) => partitions.some((p) => p.from && p.to && p.from <= month && month < p.to);
    for (const month of months.filter((m) => !isCovered(m))) await createMonthPartition(db, target, month, options.log);
  }
}

/** What health reports: how far ahead partitions reach, and whether rows sit in a default partition. */
export async function readPartitionStatus(db: DbOrTx, now: Date): Promise<PartitionStatus[]> {
  return Promise.all(
    partitionedTables.map(async (target) => {
      const partitions = await listPartitions(db, target.table);
      let horizon: Date | null = null;
      for (const p of partitions) {
        const reached = horizon ?? now;
        if (p.from && p.to && p.from <= reached && reached < p.to) horizon = p.to;
      }
      const defaultPartition = partitions.find((p) => p.isDefault)?.name;
      const [counted] = defaultPartition ? await db.execute<{ n: number }>(sql`select count(*)::float8 as n from ${sql.identifier(defaultPartition)}`) : [];
      return { table: target.table, horizon: horizon?.toISOString() ?? null, defaultRows: counted?.n ?? 0, checkedAt: now.toISOString() };
    }),
  );
}

/** Drops one partition in a short transaction; the caller audits it in the same one. */
export async function dropPartition(db: DbOrTx, name: string, audit: (tx: DbOrTx) => Promise<unknown>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql`drop table ${sql.identifier(name)}`);
    await audit(tx);
  });
}
