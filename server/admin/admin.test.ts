import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { openTestDb } from "@/server/testing/database";

describe("administration", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 2000 });
    const [station] = await t.sql<{ id: number }[]>`select id from stations where code = 'P1-050'`;
    const stats = { mqttConnected: true, dbConnected: true, protocolVersion: 5, sharedGroup: null, messagesPerSecond: 120, rowsPerSecond: 360, messagesTotal: 1000, deadLettersTotal: 1, batchesTotal: 10, batchFailuresTotal: 0, batchLatencyP50Ms: 12, batchLatencyP99Ms: 40, queueDepth: 3, inFlight: 5, lastMessageAt: { [String(station!.id)]: new Date().toISOString() } };
    await t.sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stats) values ('w1', 'host', 42, now(), now(), ${JSON.stringify(stats)}::jsonb)`;
    await t.sql`insert into ingest_workers (id, hostname, pid, started_at, heartbeat_at, stopped_at, stats) values ('w0', 'host', 41, now() - interval '1 day', now() - interval '1 hour', now() - interval '1 hour', ${JSON.stringify({ ...stats, lastMessageAt: {} })}::jsonb)`;
    await t.sql`insert into dead_letters (topic, payload, error) values ('acme/x/y/z/w/state', convert_to('{not json', 'UTF8'), 'payload is not valid JSON')`;
  });
  afterAll(async () => t.close());

  const caller = async (role: "admin" | "viewer" | "supervisor") => {
    const [user] = await t.sql<{ id: number; name: string; email: string }[]>`select id, name, email from users where role = ${role} limit 1`;
    return createCaller({ db: t.db, user: { ...user!, role } });
  };

  it("shows live and stopped workers, dead letters and which stations are silent", async () => {
    const health = await (await caller("admin")).admin.ingestion();
    expect(health.workers.map((w) => [w.id, w.isAlive])).toEqual([["w1", true], ["w0", false]]);
    expect(health.deadLetters).toMatchObject({ total: 1, lastDay: 1, recent: [{ error: "payload is not valid JSON", payload: "{not json" }] });
    expect(health.stations.find((s) => s.code === "P1-050")?.isSilent).toBe(false);
    expect(health.stations.find((s) => s.code === "P1-010")).toMatchObject({ isSilent: true, lastMessageAt: null });
  });

  it("is for administrators only", async () => {
    await expect((await caller("viewer")).admin.ingestion()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps the downtime reason list: added, renamed and retired reasons reach the line page, and bad input is refused", async () => {
    const admin = await caller("admin");
    const offered = async () => (await admin.lines.detail({ lineCode: "P1", window: {} })).downtimeReasons.map((r) => r.code);
    expect(await offered()).toContain("MECH");

    await admin.admin.saveDowntimeReason({ code: "hyd", name: "Hydraulic leak", category: "Breakdown" });
    expect(await offered()).toContain("HYD");
    await admin.admin.saveDowntimeReason({ code: "HYD", name: "Hydraulic pressure loss", category: "Breakdown" });
    expect((await admin.admin.downtimeReasons()).find((r) => r.code === "HYD")).toMatchObject({ name: "Hydraulic pressure loss", isActive: true, uses: 0 });

    const before = await admin.admin.downtimeReasons();
    await expect(admin.admin.saveDowntimeReason({ code: "no spaces!", name: "Bad code", category: "Breakdown" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.admin.saveDowntimeReason({ code: "OK", name: "", category: "Breakdown" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.admin.setDowntimeReasonActive({ code: "NOPE", isActive: false })).rejects.toMatchObject({ code: "NOT_FOUND", message: 'No downtime reason has the code "NOPE".' });
    await expect((await caller("supervisor")).admin.saveDowntimeReason({ code: "SUP", name: "Supervisor's own", category: "Other" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await admin.admin.downtimeReasons()).toEqual(before);

    await admin.admin.setDowntimeReasonActive({ code: "HYD", isActive: false });
    expect(await offered()).not.toContain("HYD");
    await admin.admin.setDowntimeReasonActive({ code: "HYD", isActive: true });
    expect(await offered()).toContain("HYD");
    const audit = await t.sql<{ action: string }[]>`select action from audit_log where entity_type = 'downtime_reason' and entity_id = 'HYD' order by seq`;
    expect(audit.map((a) => a.action)).toEqual(["downtime_reason.added", "downtime_reason.edited", "downtime_reason.retired", "downtime_reason.restored"]);
  });

  it("counts how often each downtime reason classifies a stop", async () => {
    const used = await t.sql<{ code: string; n: number }[]>`
      select r.code, count(i.id)::int as n from downtime_reasons r left join station_state_intervals i on i.downtime_reason_id = r.id group by r.code`;
    expect(used.some((u) => u.n > 0)).toBe(true);
    const listed = await (await caller("admin")).admin.downtimeReasons();
    expect(Object.fromEntries(listed.map((r) => [r.code, r.uses]))).toEqual(Object.fromEntries(used.map((u) => [u.code, u.n])));
  });
});
