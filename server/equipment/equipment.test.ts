import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { one } from "@/db";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { parseIsa95Topic } from "@/server/ingest/records";
import { StationResolver } from "@/server/ingest/station-resolver";
import { openTestDb } from "@/server/testing/database";

describe("equipment administration", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 30 });
  });
  afterAll(async () => t.close());

  const caller = async (role: "admin" | "viewer" | "engineer") => {
    const [user] = await t.sql<{ id: number; name: string; email: string }[]>`select id, name, email from users where role = ${role} limit 1`;
    return createCaller({ db: t.db, user: { ...user!, role } });
  };
  const idOf = async (table: "sites" | "areas" | "lines" | "stations", code: string) => {
    const [row] = await t.sql<{ id: number }[]>`select id from ${t.sql(table)} where code = ${code}`;
    return row!.id;
  };
  const auditActions = async (entityType: string, id: number) =>
    (await t.sql<{ action: string }[]>`select action from audit_log where entity_type = ${entityType} and entity_id = ${String(id)} order by seq`).map((a) => a.action);

  it("creates a site in its own time zone, an area, a line and stations, in order, each audited", async () => {
    const admin = await caller("admin");
    const site = await admin.equipment.create({ kind: "site", enterprise: "acme", code: "detroit", name: "Acme Detroit", timeZone: "america/detroit" });
    expect(site).toMatchObject({ code: "detroit", timeZone: "America/Detroit", retiredAt: null });
    const area = await admin.equipment.create({ kind: "area", parentId: site.id, code: "assembly", name: "Assembly" });
    const line = await admin.equipment.create({ kind: "line", parentId: area.id, code: "D1", name: "Detroit line 1", targetPerHour: 12 });
    const first = await admin.equipment.create({ kind: "station", parentId: line.id, code: "D1-010", name: "Press", idealCycleSeconds: 42.5 });
    const second = await admin.equipment.create({ kind: "station", parentId: line.id, code: "D1-020", name: "Test", idealCycleSeconds: 30, expectedIntervalSeconds: 120 });
    expect([first.position, second.position]).toEqual([1, 2]);
    expect(second).toMatchObject({ expectedIntervalSeconds: 120, retiredAt: null });
    expect("acceptedAt" in second && second.acceptedAt).toBeInstanceOf(Date);
    expect(await auditActions("site", site.id)).toEqual(["site.created"]);
    expect(await auditActions("station", second.id)).toEqual(["station.created"]);

    const tree = await admin.equipment.tree();
    expect(tree.stations.filter((s) => s.lineId === line.id).map((s) => s.code)).toEqual(["D1-010", "D1-020"]);
    const live = await admin.lines.overview({});
    expect(live.lines.find((l) => l.code === "D1")?.stations.map((s) => s.code)).toEqual(["D1-010", "D1-020"]);
  });

  it("refuses codes an MQTT topic level cannot carry, and stores nothing", async () => {
    const admin = await caller("admin");
    const lineId = await idOf("lines", "D1");
    const before = await admin.equipment.tree();
    for (const code of ["D1/030", "D1 030", "D1+", "D1#", "D1\u0000", ""]) {
      await expect(admin.equipment.create({ kind: "station", parentId: lineId, code, name: "Bad", idealCycleSeconds: 10 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(admin.equipment.create({ kind: "station", parentId: lineId, code: "D1 030", name: "Bad", idealCycleSeconds: 10 })).rejects.toThrow("A code is an MQTT topic level: no spaces");
    await expect(admin.equipment.update({ kind: "line", id: lineId, code: "D/1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.equipment.create({ kind: "station", parentId: lineId, code: "D1-030", name: "Bad", idealCycleSeconds: 0 })).rejects.toThrow("The ideal cycle time must be more than 0 seconds.");
    await expect(admin.equipment.update({ kind: "line", id: lineId, targetPerHour: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await admin.equipment.tree()).toEqual(before);
  });

  it("refuses a station code in use on its line and a line code in use in its area, but allows it elsewhere", async () => {
    const admin = await caller("admin");
    const stationId = await idOf("stations", "D1-020");
    await expect(admin.equipment.update({ kind: "station", id: stationId, code: "D1-010" })).rejects.toMatchObject({ code: "CONFLICT", message: 'Another station on this line already has the code "D1-010".' });
    await expect(admin.equipment.create({ kind: "station", parentId: await idOf("lines", "D1"), code: "D1-010", name: "Twin", idealCycleSeconds: 5 })).rejects.toMatchObject({ code: "CONFLICT" });
    const area = await idOf("areas", "assembly");
    await expect(admin.equipment.create({ kind: "line", parentId: area, code: "D1", name: "Twin line" })).rejects.toMatchObject({ code: "CONFLICT", message: 'Another line in this area already has the code "D1".' });
    // P1-010 is a code on the Hamburg line P1: a Detroit station may use it.
    await admin.equipment.update({ kind: "station", id: stationId, code: "P1-010", name: "Leak test" });
    await admin.equipment.update({ kind: "station", id: stationId, code: "D1-020" });
    expect(await auditActions("station", stationId)).toEqual(["station.created", "station.edited", "station.edited"]);
    const [row] = await t.sql`select code, name from stations where id = ${stationId}`;
    expect(row).toEqual({ code: "D1-020", name: "Leak test" });
  });

  it("edits the ideal cycle time, the output target and the site's time zone, refusing unknown zones", async () => {
    const admin = await caller("admin");
    const lineId = await idOf("lines", "D1");
    const siteId = await idOf("sites", "detroit");
    await admin.equipment.update({ kind: "station", id: await idOf("stations", "D1-010"), idealCycleSeconds: 38 });
    await admin.equipment.update({ kind: "line", id: lineId, targetPerHour: 20 });
    await expect(admin.equipment.update({ kind: "site", id: siteId, timeZone: "Mars/Olympus_Mons" })).rejects.toThrow("is not a time zone name (use an IANA name such as Europe/Berlin)");
    await admin.equipment.update({ kind: "site", id: siteId, timeZone: "America/Chicago" });
    const [values] = await t.sql`select s.ideal_cycle_seconds, l.target_per_hour, si.time_zone from stations s join lines l on l.id = s.line_id join areas a on a.id = l.area_id join sites si on si.id = a.site_id where s.code = 'D1-010'`;
    expect(values).toEqual({ ideal_cycle_seconds: 38, target_per_hour: 20, time_zone: "America/Chicago" });
    const [edit] = await t.sql<{ data: unknown }[]>`select data from audit_log where action = 'line.edited' and entity_id = ${String(lineId)}`;
    expect(edit?.data).toEqual({ targetPerHour: 20, was: { targetPerHour: 12 } });
  });

  it("reorders stations among their siblings", async () => {
    const admin = await caller("admin");
    const lineId = await idOf("lines", "D1");
    await admin.equipment.move({ kind: "station", id: await idOf("stations", "D1-020"), direction: "up" });
    const order = async () => (await admin.equipment.tree()).stations.filter((s) => s.lineId === lineId).map((s) => s.code);
    expect(await order()).toEqual(["D1-020", "D1-010"]);
    expect(await admin.equipment.move({ kind: "station", id: await idOf("stations", "D1-020"), direction: "up" })).toEqual({ moved: false });
    await admin.equipment.move({ kind: "station", id: await idOf("stations", "D1-020"), direction: "down" });
    expect(await order()).toEqual(["D1-010", "D1-020"]);
  });

  it("refuses to retire a line with open work orders or a station a current routing uses", async () => {
    const admin = await caller("admin");
    await expect(admin.equipment.retire({ kind: "line", id: await idOf("lines", "P1") })).rejects.toThrow(/^Line "P1" still has open work: work order /);
    await expect(admin.equipment.retire({ kind: "station", id: await idOf("stations", "P1-010") })).rejects.toThrow("routing CP40-ASM");
    const [retired] = await t.sql`select count(*)::int as n from stations where retired_at is not null`;
    expect(retired).toEqual({ n: 0 });
  });

  it("retires a station out of live views and pickers, keeps its history, and restores it", async () => {
    const admin = await caller("admin");
    const stationId = await idOf("stations", "P1-050");
    const history = async () => (await t.sql<{ n: number }[]>`select count(*)::int as n from process_steps where station_id = ${stationId}`)[0]?.n;
    const steps = await history();
    expect(steps).toBeGreaterThan(0);
    await t.sql`update part_revisions set status = 'superseded' where id in (select part_revision_id from routing_operations where station_id = ${stationId})`;

    expect(await admin.equipment.retire({ kind: "station", id: stationId })).toEqual({ retired: 1 });
    const p1 = (await admin.lines.overview({})).lines.find((l) => l.code === "P1");
    expect(p1?.stations.map((s) => s.code)).not.toContain("P1-050");
    expect((await admin.kpis.filterOptions()).lines.find((l) => l.code === "P1")?.stations.map((s) => s.code)).not.toContain("P1-050");
    expect((await admin.equipment.liveStations()).map((s) => s.code)).not.toContain("P1-050");
    expect((await admin.admin.ingestion()).stations.map((s) => s.code)).not.toContain("P1-050");
    expect(await history()).toBe(steps);
    await expect(admin.equipment.delete({ kind: "station", id: stationId })).rejects.toMatchObject({ code: "CONFLICT", message: 'Station "P1-050" has history or is still referenced (equipment under it, recorded data, work orders, mappings): retire it instead.' });

    expect(await admin.equipment.restore({ kind: "station", id: stationId })).toEqual({ restored: 1 });
    expect((await admin.lines.overview({})).lines.find((l) => l.code === "P1")?.stations.map((s) => s.code)).toContain("P1-050");
    expect(await auditActions("station", stationId)).toEqual(["station.retired", "station.restored"]);
  });

  it("retires a site with everything under it, refuses additions to it, and brings it all back", async () => {
    const admin = await caller("admin");
    const siteId = await idOf("sites", "detroit");
    expect(await admin.equipment.retire({ kind: "site", id: siteId })).toEqual({ retired: 5 });
    expect((await admin.lines.overview({})).lines.map((l) => l.code)).not.toContain("D1");
    expect((await admin.lines.areas()).map((a) => a.code)).not.toContain("assembly");
    await expect(admin.equipment.create({ kind: "station", parentId: await idOf("lines", "D1"), code: "D1-030", name: "Late", idealCycleSeconds: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'Line "D1" is retired: restore it before adding to it.' });
    await expect(admin.equipment.restore({ kind: "line", id: await idOf("lines", "D1") })).rejects.toMatchObject({ message: 'Area "assembly" is retired: restore it first.' });
    expect(await admin.equipment.restore({ kind: "site", id: siteId })).toEqual({ restored: 5 });
    expect((await admin.lines.overview({})).lines.map((l) => l.code)).toContain("D1");
  });

  it("deletes a station with no history at all", async () => {
    const admin = await caller("admin");
    const spare = await admin.equipment.create({ kind: "station", parentId: await idOf("lines", "D1"), code: "D1-099", name: "Typo", idealCycleSeconds: 5 });
    expect(await admin.equipment.delete({ kind: "station", id: spare.id })).toEqual({ deleted: true, code: "D1-099" });
    expect(await auditActions("station", spare.id)).toEqual(["station.created", "station.deleted"]);
    await expect(admin.equipment.delete({ kind: "line", id: await idOf("lines", "D1") })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("maps Sparkplug ids to stations and lists the unmapped nodes the worker dead-lettered", async () => {
    const admin = await caller("admin");
    await t.sql`insert into dead_letters (topic, payload, error) values
      ('spBv1.0/acme-hamburg/DDATA/P3-gateway/P3-010', '\\x00', 'no sparkplug_mappings row for spBv1.0 acme-hamburg/P3-gateway/P3-010'),
      ('spBv1.0/acme-hamburg/DDATA/P3-gateway/P3-010', '\\x00', 'bad seq; no sparkplug_mappings row for spBv1.0 acme-hamburg/P3-gateway/P3-010'),
      ('spBv1.0/acme-hamburg/NDATA/P3-gateway', '\\x00', 'no sparkplug_mappings row for spBv1.0 acme-hamburg/P3-gateway/')`;
    expect((await admin.equipment.unmappedSparkplugNodes()).map((n) => [n.groupId, n.edgeNodeId, n.deviceId, n.messages])).toEqual(
      expect.arrayContaining([
        ["acme-hamburg", "P3-gateway", "P3-010", 2],
        ["acme-hamburg", "P3-gateway", "", 1],
      ]),
    );
    const stationId = await idOf("stations", "D1-010");
    const mapping = await admin.equipment.saveSparkplugMapping({ groupId: "acme-hamburg", edgeNodeId: "P3-gateway", deviceId: "P3-010", stationId });
    expect((await admin.equipment.unmappedSparkplugNodes()).map((n) => n.deviceId)).toEqual([""]);
    expect((await admin.equipment.sparkplugMappings()).find((m) => m.id === mapping.id)).toMatchObject({ station: "detroit/assembly/D1/D1-010", isStationRetired: false });

    await expect(admin.equipment.saveSparkplugMapping({ groupId: "acme-hamburg", edgeNodeId: "P3-gateway", deviceId: "P3-010", stationId })).rejects.toMatchObject({ code: "CONFLICT", message: "Sparkplug acme-hamburg/P3-gateway/P3-010 is already mapped; edit that mapping instead." });
    await expect(admin.equipment.saveSparkplugMapping({ groupId: "acme/hamburg", edgeNodeId: "gw", stationId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.equipment.saveSparkplugMapping({ groupId: "g", edgeNodeId: "gw", stationId: 999_999 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "No station has the id 999999." });

    const other = await idOf("stations", "D1-020");
    await admin.equipment.saveSparkplugMapping({ id: mapping.id, groupId: "acme-hamburg", edgeNodeId: "P3-gateway", deviceId: "P3-010", stationId: other });
    expect((await admin.equipment.sparkplugMappings()).find((m) => m.id === mapping.id)?.stationId).toBe(other);
    await admin.equipment.removeSparkplugMapping({ id: mapping.id });
    await expect(admin.equipment.removeSparkplugMapping({ id: mapping.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditActions("sparkplug_mapping", mapping.id)).toEqual(["sparkplug_mapping.added", "sparkplug_mapping.edited", "sparkplug_mapping.removed"]);
  });

  it("lists stations the worker auto-registered for review: accept with a new code, or merge their history into an existing station", async () => {
    const admin = await caller("admin");
    const resolver = new StationResolver(() => t.sql, { autoRegister: true });
    const register = async (topic: string) => {
      const parsed = parseIsa95Topic(topic);
      const ids = await resolver.resolve({ type: "path", key: parsed!.key, path: parsed!.path });
      return ids![0]!;
    };
    const typo = await register("acme/hamburg/pumps/P1/P1-01O/state");
    const fresh = await register("acme/hamburg/pumps/P1/new-press/state");
    expect((await admin.equipment.stationsToReview()).map((s) => [s.code, s.topic])).toEqual([
      ["P1-01O", "acme/hamburg/pumps/P1/P1-01O"],
      ["new-press", "acme/hamburg/pumps/P1/new-press"],
    ]);

    await expect(admin.equipment.acceptStation({ id: fresh, code: "P1-010" })).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.equipment.acceptStation({ id: fresh, code: "P1-075", name: "Final press" });
    expect((await admin.equipment.stationsToReview()).map((s) => s.code)).toEqual(["P1-01O"]);
    await expect(admin.equipment.acceptStation({ id: fresh })).rejects.toMatchObject({ code: "CONFLICT", message: 'Station "P1-075" is not awaiting review.' });

    const target = await idOf("stations", "P1-010");
    const [interval] = await t.sql<{ started_at: Date }[]>`select started_at from station_state_intervals where station_id = ${target} limit 1`;
    await t.sql`insert into station_state_intervals (station_id, state, started_at, ended_at) values (${typo}, 'RUNNING', ${interval!.started_at}, ${interval!.started_at})`;
    const targetCount = async () => one(await t.sql<{ n: number }[]>`select count(*)::int as n from station_state_intervals where station_id = ${target}`).n;
    const countBefore = await targetCount();
    await expect(admin.equipment.mergeStation({ id: typo, targetId: target })).rejects.toThrow("nothing was merged");
    expect(await targetCount()).toBe(countBefore);

    await t.sql`update station_state_intervals set started_at = started_at - interval '1 millisecond', ended_at = started_at - interval '1 millisecond' where station_id = ${typo}`;
    await t.sql`insert into alarms (station_id, code, message, severity, raised_at) values (${typo}, 'E42', 'Typo alarm', 'warning', now())`;
    await expect(admin.equipment.mergeStation({ id: typo, targetId: typo })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await admin.equipment.mergeStation({ id: typo, targetId: target })).toEqual({ moved: { station_state_intervals: 1, alarms: 1 } });
    expect(await targetCount()).toBe(countBefore + 1);
    expect((await admin.equipment.stationsToReview()).map((s) => s.code)).toEqual([]);
    const [source] = await t.sql`select retired_at is not null as retired from stations where id = ${typo}`;
    expect(source).toEqual({ retired: true });
    const [merged] = await t.sql<{ data: unknown }[]>`select data from audit_log where action = 'station.merged' and entity_id = ${String(typo)}`;
    expect(merged?.data).toEqual({ code: "P1-01O", into: { id: target, code: "P1-010" }, moved: { station_state_intervals: 1, alarms: 1 } });
  });

  it("is for administrators only", async () => {
    for (const role of ["viewer", "engineer"] as const) {
      const other = await caller(role);
      await expect(other.equipment.tree()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(other.equipment.create({ kind: "area", parentId: 1, code: "x", name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
