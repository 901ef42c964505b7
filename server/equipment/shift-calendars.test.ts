import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";

import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import type { Role } from "@/server/auth/roles";
import { getLinesOverview } from "@/server/lines/overview";
import { resolveScope } from "@/server/kpis/scope";
import { openTestDb } from "@/server/testing/database";

const weekdays = [1, 2, 3, 4, 5];
const calendar = {
  shifts: [
    { name: "Early", start: "06:00", end: "14:00", weekdays },
    { name: "Late", start: "14:00", end: "22:00", weekdays },
  ],
  plannedStops: [{ start: "12:00", end: "12:30", weekdays, reason: "Lunch" }],
  holidays: [{ day: "2026-12-25", name: "Christmas Day" }],
};

describe("shift calendars per line", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let lineId: number;
  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 30 });
    const [line] = await t.sql<{ id: number }[]>`select id from lines where code = 'P2'`;
    lineId = line!.id;
  });
  afterAll(async () => t.close());

  const caller = async (role: Role) => {
    const [user] = await t.sql<{ id: number; name: string; email: string }[]>`select id, name, email from users where role = ${role} limit 1`;
    return createCaller({ db: t.db, user: { ...user!, role } });
  };
  const stored = async () => (await caller("admin")).equipment.shiftCalendar({ lineId });
  const audits = async () => t.sql<{ action: string; data: { was: { shifts: unknown[] } } }[]>`select action, data from audit_log where entity_type = 'line' and entity_id = ${String(lineId)} and action = 'line.calendar_edited' order by seq`;

  it("starts on the default three shifts", async () => {
    expect(await stored()).toMatchObject({ isDefaultPattern: true, shifts: [], plannedStops: [], holidays: [], line: { code: "P2", timeZone: "Europe/Berlin" } });
  });

  it("lets only administrators read and edit a calendar (docs/roles.md: equipment is administered)", async () => {
    for (const role of ["viewer", "operator", "supervisor", "planner", "quality", "engineer", "manager"] as const) {
      const user = await caller(role);
      await expect(user.equipment.saveShiftCalendar({ lineId, ...calendar })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(user.equipment.shiftCalendar({ lineId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await audits()).toHaveLength(0);
  });

  it("saves a calendar, audits it with the one before, and the line's shift follows it", async () => {
    const saved = await (await caller("admin")).equipment.saveShiftCalendar({ lineId, ...calendar });
    expect(saved).toMatchObject({ isDefaultPattern: false, shifts: calendar.shifts, plannedStops: calendar.plannedStops, holidays: calendar.holidays });
    const [entry] = await audits();
    expect(entry?.data).toMatchObject({ shifts: calendar.shifts, was: { shifts: [] } });

    // Thursday 26 Nov 2026, 12:15 Berlin: the early shift, 375 minutes in, 15 of them lunch. P2's target is its own per hour.
    const [{ target_per_hour: perHour } = { target_per_hour: 0 }] = await t.sql<{ target_per_hour: number }[]>`select target_per_hour from lines where id = ${lineId}`;
    const thursday = (await getLinesOverview(t.db, {}, new Date("2026-11-26T11:15:00Z"))).lines.find((l) => l.code === "P2");
    expect(thursday).toMatchObject({ shift: { name: "Early", start: new Date("2026-11-26T05:00:00Z"), end: new Date("2026-11-26T13:00:00Z"), isCurrent: true }, target: Math.round(perHour * 6) });
    // Saturday: no shift; the overview shows Friday's late shift, ended, with its whole target.
    const saturday = (await getLinesOverview(t.db, {}, new Date("2026-11-28T10:00:00Z"))).lines.find((l) => l.code === "P2");
    expect(saturday).toMatchObject({ shift: { name: "Late", start: new Date("2026-11-27T13:00:00Z"), isCurrent: false }, target: perHour * 8 });
    // Other lines keep the default pattern.
    expect((await getLinesOverview(t.db, {}, new Date("2026-11-28T10:00:00Z"))).lines.find((l) => l.code === "P1")?.shift).toMatchObject({ name: "Early", isCurrent: true });
    // The KPI shift window: on Christmas Day the last shift is Christmas Eve's late shift.
    const christmas = await resolveScope(t.db, { line: "P2", window: "shift" }, new Date("2026-12-25T10:00:00Z"));
    expect(christmas.window).toMatchObject({ from: new Date("2026-12-24T13:00:00Z"), to: new Date("2026-12-24T21:00:00Z"), label: "Last shift (Late)" });
  });

  it("refuses a bad calendar with clear messages and keeps the one stored", async () => {
    const admin = await caller("admin");
    const before = await stored();
    // The messages the error formatter joins into the sentence the editor shows.
    const refused = async (change: Partial<typeof calendar>, message: string) => {
      const error: unknown = await admin.equipment.saveShiftCalendar({ lineId, ...calendar, ...change }).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
      const messages = error instanceof TRPCError && error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message) : [];
      expect(messages.join(" ")).toContain(message);
    };
    await refused({ shifts: [{ name: "Early", start: "6:00", end: "14:00", weekdays }] }, 'Shift 1 (Early) start: "6:00" is not a time; use HH:MM from 00:00 to 23:59.');
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "24:00", weekdays }] }, '"24:00" is not a time');
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "06:00", weekdays }] }, "Shift 1 (Early): the end must differ from the start");
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "14:00", weekdays }, { name: "Middle", start: "10:00", end: "18:00", weekdays: [3] }] }, "Shifts Early and Middle overlap on Wed");
    // An overnight shift on Sunday runs into Monday's early shift.
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "14:00", weekdays }, { name: "Night", start: "22:00", end: "07:00", weekdays: [7] }] }, "Shifts Early and Night overlap on Mon");
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "14:00", weekdays: [] }] }, "Shift 1 (Early): choose at least one weekday.");
    await refused({ shifts: [{ name: "Early", start: "06:00", end: "14:00", weekdays }, { name: "early", start: "14:00", end: "22:00", weekdays }] }, "another shift has this name");
    await refused({ plannedStops: [{ start: "13:45", end: "14:15", weekdays, reason: "Handover" }] }, "Planned stop 1 (Handover): 13:45–14:15 on Mon is not inside one shift");
    await refused({ plannedStops: [{ start: "12:00", end: "12:30", weekdays: [6], reason: "Lunch" }] }, "on Sat is not inside one shift");
    await refused({ holidays: [{ day: "2026-12-25", name: "Christmas" }, { day: "2026-12-25", name: "Again" }] }, "The holiday 2026-12-25 is listed twice.");
    await refused({ holidays: [{ day: "2026-02-30", name: "Nope" }] }, 'Holiday 1: "2026-02-30" is not a date; use YYYY-MM-DD.');
    expect(await stored()).toEqual(before);
    expect(await audits()).toHaveLength(1);
  });

  it("allows an overnight shift (end before start) and goes back to the default pattern with no shifts", async () => {
    const admin = await caller("admin");
    const overnight = await admin.equipment.saveShiftCalendar({ lineId, shifts: [{ name: "Night", start: "22:00", end: "06:00", weekdays }], plannedStops: [{ start: "02:00", end: "02:30", weekdays: [2, 3, 4, 5, 6], reason: "Break" }], holidays: [] });
    expect(overnight.shifts).toEqual([{ name: "Night", start: "22:00", end: "06:00", weekdays }]);
    const back = await admin.equipment.saveShiftCalendar({ lineId, shifts: [], plannedStops: [], holidays: [] });
    expect(back).toMatchObject({ isDefaultPattern: true, shifts: [] });
    expect(await audits()).toHaveLength(3);
  });
});
