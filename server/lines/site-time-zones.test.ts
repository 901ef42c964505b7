import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { one } from "@/db";
import { partRevisions, units, workOrders } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { resolveScope } from "@/server/kpis/scope";
import { openTestDb } from "@/server/testing/database";
import { getAsBuiltRecord } from "@/server/traceability/as-built-record";

import { getLineDetail } from "./line-detail";
import { getLinesOverview } from "./overview";

/** The demo's Hamburg site (Europe/Berlin) plus a Chicago site: each line's shifts, KPI days and records follow its own site's zone. */
describe("each site's own time zone", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  // 1 July 2026, 13:30 UTC: 15:30 in Hamburg (late shift since 14:00), 08:30 in Chicago (early shift since 06:00).
  const now = new Date("2026-07-01T13:30:00Z");

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 30 });
    const [user] = await t.sql<{ id: number; name: string; email: string }[]>`select id, name, email from users where role = 'admin' limit 1`;
    const admin = createCaller({ db: t.db, user: { ...user!, role: "admin" } });
    const site = await admin.equipment.create({ kind: "site", enterprise: "acme", code: "chicago", name: "Acme Chicago", timeZone: "America/Chicago" });
    const area = await admin.equipment.create({ kind: "area", parentId: site.id, code: "assembly", name: "Assembly" });
    const line = await admin.equipment.create({ kind: "line", parentId: area.id, code: "C1", name: "Chicago line 1", targetPerHour: 12 });
    await admin.equipment.create({ kind: "station", parentId: line.id, code: "C1-010", name: "Press", idealCycleSeconds: 30 });
    const [revision] = await t.db.select().from(partRevisions).limit(1);
    const wo = one(await t.db.insert(workOrders).values({ number: "WO-C1", partRevisionId: revision!.id, lineId: line.id, qty: 5, status: "in_progress" }).returning());
    await t.db.insert(units).values({ serial: "C1-UNIT-1", partRevisionId: revision!.id, workOrderId: wo.id, status: "in_progress", startedAt: new Date("2026-07-01T12:00:00Z") });
  });
  afterAll(async () => t.close());

  it("gives each line on the overview the shift of its own site", async () => {
    const overview = await getLinesOverview(t.db, {}, now);
    const chicago = overview.lines.find((l) => l.code === "C1");
    const hamburg = overview.lines.find((l) => l.code === "P1");
    expect(chicago).toMatchObject({ timeZone: "America/Chicago", shift: { name: "Early", start: new Date("2026-07-01T11:00:00Z"), end: new Date("2026-07-01T19:00:00Z") } });
    expect(hamburg).toMatchObject({ timeZone: "Europe/Berlin", shift: { name: "Late", start: new Date("2026-07-01T12:00:00Z") } });
    // 2.5 hours of the Chicago early shift at 12 an hour.
    expect(chicago?.target).toBe(30);
  });

  it("starts the line page's live window at the line's own shift start", async () => {
    const detail = await getLineDetail(t.db, { lineCode: "C1" }, now);
    expect(detail.line.timeZone).toBe("America/Chicago");
    expect(detail.window.from).toEqual(new Date("2026-07-01T11:00:00Z"));
  });

  it("puts the KPI day and shift windows of a Chicago line in Chicago time", async () => {
    const day = await resolveScope(t.db, { line: "C1", window: "day" }, now);
    expect(day.window).toMatchObject({ from: new Date("2026-07-01T05:00:00Z"), timeZone: "America/Chicago" });
    const shift = await resolveScope(t.db, { line: "C1", window: "shift" }, now);
    expect(shift.window).toMatchObject({ from: new Date("2026-07-01T11:00:00Z"), label: "Early shift" });
    const station = await resolveScope(t.db, { station: "C1-010", window: "day" }, now);
    expect(station.window.timeZone).toBe("America/Chicago");
    // Without a line filter: the first live line's site, Hamburg (shown in the window's label).
    const plant = await resolveScope(t.db, { window: "day" }, now);
    expect(plant.window).toMatchObject({ from: new Date("2026-06-30T22:00:00Z"), timeZone: "Europe/Berlin" });
  });

  it("shows a unit's record in the zone of the site it was built at", async () => {
    expect((await getAsBuiltRecord(t.db, "C1-UNIT-1")).timeZone).toBe("America/Chicago");
  });
});
