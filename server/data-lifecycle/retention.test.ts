import { TRPCError } from "@trpc/server";
import { asc, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, roles, users, type Role } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import { runPartitionMaintenance } from "./maintenance";
import { listPartitions, monthStart, partitionName } from "./partitions";

const name = (month: Date) => partitionName("telemetry_samples", month);

describe("retention", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const sessionUsers = new Map<Role, SessionUser>();
  const now = new Date();
  const twoMonthsAgo = monthStart(now, -2);

  beforeAll(async () => {
    t = await openTestDb();
    const created = await t.db
      .insert(users)
      .values(roles.map((role) => ({ email: `${role}@retention.example`, name: `Retention ${role}`, role })))
      .returning();
    for (const u of created) sessionUsers.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });
    await t.db.execute(sql`insert into telemetry_samples (station_id, metric_id, ts, value)
      select 1, 1, ${twoMonthsAgo.toISOString()}::timestamptz + n * interval '1 minute', n from generate_series(1, 500) n
      union all select 1, 1, ${now.toISOString()}::timestamptz - n * interval '1 second', n from generate_series(1, 10) n`);
    await t.db.execute(sql`analyze telemetry_samples`);
  });
  afterAll(async () => t.close());

  const admin = () => createCaller({ db: t.db, user: sessionUsers.get("admin")! });

  it("keeps everything until an administrator sets a retention", async () => {
    const [telemetry] = await admin().admin.retention();
    expect(telemetry).toMatchObject({ dataClass: "telemetry", table: "telemetry_samples", keepDays: null });
    expect(telemetry?.partitions.map((p) => p.name)).toEqual(expect.arrayContaining(["telemetry_samples_default", name(twoMonthsAgo), name(now)]));
    expect((await admin().admin.previewRetention({ dataClass: "telemetry", keepDays: null })).partitions).toEqual([]);
    await runPartitionMaintenance(t.db, { monthsAhead: 3, log: () => {} });
    expect((await listPartitions(t.db, "telemetry_samples")).map((p) => p.name)).toContain(name(twoMonthsAgo));
  });

  it("previews the whole partitions older than the retention, with ranges, row estimates and sizes", async () => {
    // A month ends at least 28 days after the start of the next: two months back is always past 27 days, this month never.
    const { partitions } = await admin().admin.previewRetention({ dataClass: "telemetry", keepDays: 27 });
    const old = partitions.find((p) => p.name === name(twoMonthsAgo));
    expect(old).toMatchObject({ isDefault: false, from: twoMonthsAgo, to: monthStart(now, -1), rowEstimate: 500 });
    expect(old?.bytes).toBeGreaterThan(0);
    expect(partitions.map((p) => p.name)).not.toContain(name(now));
    expect(partitions.map((p) => p.name)).not.toContain("telemetry_samples_default");
  });

  it("is saved and audited, then applied by maintenance: each dropped partition logged and audited, newer rows kept", async () => {
    const saved = await admin().admin.saveRetention({ dataClass: "telemetry", keepDays: 27 });
    expect(saved.partitions.map((p) => p.name)).toContain(name(twoMonthsAgo));
    const log: string[] = [];
    await runPartitionMaintenance(t.db, { monthsAhead: 3, log: (m) => log.push(m) });

    const remaining = (await listPartitions(t.db, "telemetry_samples")).map((p) => p.name);
    expect(remaining).not.toContain(name(twoMonthsAgo));
    expect(remaining).toEqual(expect.arrayContaining(["telemetry_samples_default", name(now)]));
    const [left] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from telemetry_samples`);
    expect(left?.n).toBe(10);
    expect(log.some((m) => m.startsWith(`dropped partition ${name(twoMonthsAgo)} (`))).toBe(true);

    const entries = await t.db.select().from(auditLog).where(inArray(auditLog.action, ["retention.changed", "retention.partition_dropped"])).orderBy(asc(auditLog.seq));
    expect(entries[0]).toMatchObject({ action: "retention.changed", actor: "Retention admin (admin)", entityId: "telemetry", data: { from: null, to: 27 } });
    expect(entries.find((e) => e.entityId === name(twoMonthsAgo))).toMatchObject({
      action: "retention.partition_dropped",
      actor: "worker",
      data: { dataClass: "telemetry", keepDays: 27, from: twoMonthsAgo.toISOString(), to: monthStart(now, -1).toISOString(), rowEstimate: 500 },
    });
  });

  it("goes back to keeping everything, audited", async () => {
    await admin().admin.saveRetention({ dataClass: "telemetry", keepDays: null });
    const [telemetry] = await admin().admin.retention();
    expect(telemetry?.keepDays).toBeNull();
    const [last] = await t.db.select().from(auditLog).orderBy(sql`${auditLog.seq} desc`).limit(1);
    expect(last).toMatchObject({ action: "retention.changed", data: { from: 27, to: null } });
  });

  it("refuses a retention under one day", async () => {
    await expect(admin().admin.saveRetention({ dataClass: "telemetry", keepDays: 0 })).rejects.toThrow(/at least one day/);
  });

  it("is for administrators only: every other role is FORBIDDEN", async () => {
    for (const role of roles.filter((r) => r !== "admin")) {
      const caller = createCaller({ db: t.db, user: sessionUsers.get(role)! });
      for (const call of [() => caller.admin.retention(), () => caller.admin.previewRetention({ dataClass: "telemetry", keepDays: 30 }), () => caller.admin.saveRetention({ dataClass: "telemetry", keepDays: 30 })]) {
        await expect(call()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "FORBIDDEN");
      }
    }
    const [telemetry] = await admin().admin.retention();
    expect(telemetry?.keepDays).toBeNull();
  });
});
