import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alarms, auditLog, stations, stationStateIntervals, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import type { Role, SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import { createCaller } from "./root";

type Caller = ReturnType<typeof createCaller>;
let workOrderNo = 0;

/** One representative procedure per row of the role table in docs/roles.md. */
const procedures: Record<string, (c: Caller, ids: { alarmId: number; intervalId: number }) => Promise<unknown>> = {
  "read dashboards": (c) => c.lines.overview({}),
  "read SPC": (c) => c.kpis.spcCharacteristics({ part: "CP40-ASM" }),
  "acknowledge alarms": (c, ids) => c.lines.acknowledgeAlarm({ alarmId: ids.alarmId }),
  "record downtime reasons": (c, ids) => c.lines.setDowntimeReason({ intervalId: ids.intervalId, reasonId: 1 }),
  traceability: (c) => c.traceability.unit({ serial: "CP40-0000001" }),
  "create ECRs": (c) => c.changes.createEcr({ title: "Access test", problem: "Checking who may raise a change.", reason: "defect", priority: "low", affectedPartNumbers: [] }),
  "create work orders": (c) => c.workOrders.create({ number: `WO-ACCESS-${++workOrderNo}`, partNumber: "CP40-ASM", qty: 10, line: "P1" }),
  "import work orders": (c) => c.workOrders.importDryRun({ files: [{ name: "work-orders.csv", content: Buffer.from("number,part_number,quantity,line,due_date\n") }] }),
  "import master data": (c) => c.masterData.dryRun({ files: [{ name: "parts.csv", content: Buffer.from("part_number,name,make_buy,serialized,unit_of_measure\n") }] }),
  "administer users": (c) => c.admin.users(),
};

const readers = ["read dashboards", "read SPC"];
const allowed: Record<Role, string[]> = {
  viewer: readers,
  operator: [...readers, "acknowledge alarms"],
  supervisor: [...readers, "acknowledge alarms", "record downtime reasons", "traceability"],
  quality: [...readers, "traceability"],
  engineer: [...readers, "traceability", "create ECRs", "import master data"],
  planner: [...readers, "create work orders", "import work orders"],
  manager: [...readers, "traceability"],
  admin: Object.keys(procedures),
};

async function outcome(call: () => Promise<unknown>) {
  try {
    await call();
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED")) return error.code;
    throw error;
  }
}

describe("access by role", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const sessionUsers = new Map<Role, SessionUser>();

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 200 });
    for (const u of await t.db.select().from(users)) if (!sessionUsers.has(u.role)) sessionUsers.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });
  });
  afterAll(async () => t.close());

  /** A fresh unacknowledged alarm and unclassified DOWN interval, so an allowed call succeeds outright. */
  let minutesAgo = 0;
  async function freshTargets() {
    const at = new Date(Date.now() - 30 * 24 * 3600_000 - ++minutesAgo * 60_000);
    const [station] = await t.db.select({ id: stations.id }).from(stations).limit(1);
    const [alarm] = await t.db.insert(alarms).values({ stationId: station!.id, code: "TEST", severity: "warning", message: "test alarm", raisedAt: at }).returning();
    const [interval] = await t.db.insert(stationStateIntervals).values({ stationId: station!.id, state: "DOWN", startedAt: at, endedAt: new Date(at.getTime() + 30_000) }).returning();
    return { alarmId: alarm!.id, intervalId: interval!.id };
  }

  for (const role of Object.keys(allowed) as Role[]) {
    it(`${role} may do exactly what docs/roles.md allows`, async () => {
      const caller = createCaller({ db: t.db, user: sessionUsers.get(role)! });
      const results: Record<string, string> = {};
      for (const [name, call] of Object.entries(procedures)) {
        const ids = await freshTargets();
        results[name] = await outcome(() => call(caller, ids));
      }
      const expected = Object.fromEntries(Object.keys(procedures).map((name) => [name, allowed[role].includes(name) ? "ok" : "FORBIDDEN"]));
      expect(results).toEqual(expected);
    });
  }

  it("refuses every procedure without a session", async () => {
    const caller = createCaller({ db: t.db, user: null });
    const ids = await freshTargets();
    for (const call of Object.values(procedures)) expect(await outcome(() => call(caller, ids))).toBe("UNAUTHORIZED");
  });

  it("records who acknowledged an alarm, and refuses a second acknowledgement clearly", async () => {
    const operator = sessionUsers.get("operator")!;
    const caller = createCaller({ db: t.db, user: operator });
    const { alarmId } = await freshTargets();
    const alarm = await caller.lines.acknowledgeAlarm({ alarmId });
    expect(alarm.acknowledgedById).toBe(operator.id);
    await expect(caller.lines.acknowledgeAlarm({ alarmId })).rejects.toMatchObject({ code: "CONFLICT", message: `Alarm ${alarmId} was already acknowledged by ${operator.name}.` });
    const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "alarm.acknowledged"), eq(auditLog.entityId, String(alarmId))));
    expect(entry?.actorId).toBe(operator.id);
  });

  it("answers an unknown serial and bad input with clear messages", async () => {
    const caller = createCaller({ db: t.db, user: sessionUsers.get("quality")! });
    await expect(caller.traceability.unit({ serial: "NO-SUCH-SERIAL" })).rejects.toMatchObject({ code: "NOT_FOUND", message: 'No unit has the serial number "NO-SUCH-SERIAL".' });
    await expect(caller.traceability.unit({ serial: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a downtime reason on a running interval without changing it", async () => {
    const caller = createCaller({ db: t.db, user: sessionUsers.get("supervisor")! });
    const [running] = await t.db.select().from(stationStateIntervals).where(eq(stationStateIntervals.state, "RUNNING")).limit(1);
    await expect(caller.lines.setDowntimeReason({ intervalId: running!.id, reasonId: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Only DOWN intervals take a downtime reason; this one is RUNNING." });
    const [after] = await t.db.select().from(stationStateIntervals).where(eq(stationStateIntervals.id, running!.id));
    expect(after).toEqual(running);
  });
});
