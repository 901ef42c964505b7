import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";

import { runPartitionMaintenance } from "./maintenance";
import { monthStart, partitionName, readPartitionStatus } from "./partitions";

const DAY = 86_400_000;
const name = (month: Date) => partitionName("telemetry_samples", month);

describe("partition maintenance", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const log: string[] = [];
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => t.close());

  async function insertAt(...dates: Date[]) {
    for (const [i, at] of dates.entries()) await t.db.execute(sql`insert into telemetry_samples (station_id, metric_id, ts, value) values (1, 1, ${at.toISOString()}::timestamptz, ${i})`);
  }
  /** The partition each row of that instant sits in. */
  async function partitionsOf(at: Date) {
    const rows = await t.db.execute<{ partition: string }>(sql`select tableoid::regclass::text as partition from telemetry_samples where ts = ${at.toISOString()}::timestamptz`);
    return rows.map((r) => r.partition);
  }

  it("keeps partitions ahead when the clock has moved past the migration's horizon: rows then never land in the default partition", async () => {
    const later = new Date(monthStart(new Date(), 5).getTime() + 9 * DAY);
    const status = await runPartitionMaintenance(t.db, { now: later, monthsAhead: 3, log: (m) => log.push(m) });
    expect(status).toEqual([{ table: "telemetry_samples", horizon: monthStart(later, 4).toISOString(), defaultRows: 0, checkedAt: later.toISOString() }]);

    const lastCovered = new Date(monthStart(later, 4).getTime() - 1000);
    await insertAt(later, lastCovered);
    expect(await partitionsOf(later)).toEqual([name(later)]);
    expect(await partitionsOf(lastCovered)).toEqual([name(monthStart(later, 3))]);
    expect(log).toContain(`created partition ${name(monthStart(later, 3))}`);
  });

  it("moves rows stranded in the default partition into a partition of their month, keeping every row", async () => {
    const farAhead = new Date(monthStart(new Date(), 10).getTime() + 3 * DAY);
    const sameMonth = new Date(farAhead.getTime() + 5 * DAY);
    const nextMonth = new Date(monthStart(farAhead, 1).getTime() + 2 * DAY);
    await insertAt(farAhead, sameMonth, nextMonth);
    expect(await partitionsOf(farAhead)).toEqual(["telemetry_samples_default"]);
    const [before] = await readPartitionStatus(t.db, new Date());
    expect(before?.defaultRows).toBe(3);

    const [after] = await runPartitionMaintenance(t.db, { monthsAhead: 3, log: (m) => log.push(m) });
    expect(after?.defaultRows).toBe(0);
    expect(await partitionsOf(farAhead)).toEqual([name(farAhead)]);
    expect(await partitionsOf(sameMonth)).toEqual([name(farAhead)]);
    expect(await partitionsOf(nextMonth)).toEqual([name(nextMonth)]);
    expect(log).toContain(`created partition ${name(farAhead)} and moved 2 rows of that month into it from telemetry_samples_default`);
    // The default partition is attached again and takes what no month does.
    const beyond = new Date(monthStart(new Date(), 30).getTime());
    await insertAt(beyond);
    expect(await partitionsOf(beyond)).toEqual(["telemetry_samples_default"]);
  });

  it("is idempotent: a second run creates nothing", async () => {
    log.length = 0;
    await runPartitionMaintenance(t.db, { monthsAhead: 3, log: (m) => log.push(m) });
    log.length = 0;
    await runPartitionMaintenance(t.db, { monthsAhead: 3, log: (m) => log.push(m) });
    expect(log).toEqual([]);
  });
});
