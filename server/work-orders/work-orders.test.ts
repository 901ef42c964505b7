import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, partRevisions, parts, units, users, workOrders } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import type { Role, SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

describe("work orders", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const as = (role: Role) => createCaller({ db: t.db, user: people.get(role)! });
  const people = new Map<Role, SessionUser>();
  let releasedRevision: string;

  beforeAll(async () => {
    t = await openTestDb();
    await seedMasterData(t.db, new Date());
    for (const u of await t.db.select().from(users)) if (!people.has(u.role)) people.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });
    const [released] = await t.db
      .select({ revision: partRevisions.revision })
      .from(partRevisions)
      .innerJoin(parts, eq(parts.id, partRevisions.partId))
      .where(and(eq(parts.partNumber, "CP40-ASM"), eq(partRevisions.status, "released")));
    releasedRevision = released!.revision;
    const [draftOnly] = await t.db.insert(parts).values({ partNumber: "NEW-PUMP", name: "Pump in development", makeBuy: "make", isSerialized: true }).returning();
    await t.db.insert(partRevisions).values({ partId: draftOnly!.id, revision: "A", status: "draft" });
  });
  afterAll(async () => t.close());

  it("a planner creates an order for the part's released revision and releases it", async () => {
    const created = await as("planner").workOrders.create({ number: "WO-2026-0001", partNumber: "CP40-ASM", qty: 120, line: "P1", dueDate: "2026-12-18", serialPrefix: "CP40-W1-" });
    expect(created).toEqual({ id: expect.any(Number) as number, number: "WO-2026-0001", status: "planned", revision: releasedRevision });
    await as("planner").workOrders.transition({ number: "WO-2026-0001", action: "release" });
    const { items } = await as("viewer").workOrders.list({ status: "released" });
    expect(items.find((w) => w.number === "WO-2026-0001")).toMatchObject({ partNumber: "CP40-ASM", revision: releasedRevision, lineCode: "P1", qty: 120, dueDate: "2026-12-18", serialPrefix: "CP40-W1-", started: 0, completed: 0 });
    const entries = await t.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityId, "WO-2026-0001")).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(["work_order.created", "work_order.release"]);
  });

  it("refuses bad orders with a reason and writes nothing", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(workOrders);
    const planner = as("planner");
    await expect(planner.workOrders.create({ number: "WO-X1", partNumber: "NO-SUCH", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'No part has the number "NO-SUCH".' });
    await expect(planner.workOrders.create({ number: "WO-X2", partNumber: "NEW-PUMP", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "NEW-PUMP has no released revision; release one through an ECO first." });
    await expect(planner.workOrders.create({ number: "WO-X3", partNumber: "NEW-PUMP", revision: "A", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "NEW-PUMP rev A is draft; work orders build released revisions only." });
    await expect(planner.workOrders.create({ number: "WO-X4", partNumber: "CP40-ASM", qty: 1, line: "Z9" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'No line in service has the code "Z9".' });
    await expect(planner.workOrders.create({ number: "WO-X5", partNumber: "CP40-ASM", qty: 0, line: "P1" })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ message: "The quantity is at least 1." }) as object] } });
    await expect(planner.workOrders.create({ number: "WO X6; drop", partNumber: "CP40-ASM", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(planner.workOrders.create({ number: "WO-2026-0001", partNumber: "CP40-ASM", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "CONFLICT", message: "A work order with this number already exists: WO-2026-0001." });
    await expect(as("engineer").workOrders.create({ number: "WO-X7", partNumber: "CP40-ASM", qty: 1, line: "P1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(workOrders)).toEqual(before);
  });

  it("supervisors hold and resume; only planners close and cancel, and an order with units is closed, not cancelled", async () => {
    await as("planner").workOrders.create({ number: "WO-2026-0002", partNumber: "CP40-ASM", qty: 5, line: "P1", release: true });
    await expect(as("supervisor").workOrders.transition({ number: "WO-2026-0002", action: "hold" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Give a reason why the work order is put on hold." });
    await as("supervisor").workOrders.transition({ number: "WO-2026-0002", action: "hold", reason: "Housing shortage" });
    await expect(as("supervisor").workOrders.transition({ number: "WO-2026-0002", action: "hold", reason: "again" })).rejects.toMatchObject({ code: "CONFLICT", message: "WO-2026-0002 is on hold; it cannot be put on hold." });
    await as("supervisor").workOrders.transition({ number: "WO-2026-0002", action: "resume" });
    await expect(as("supervisor").workOrders.transition({ number: "WO-2026-0002", action: "close" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("operator").workOrders.transition({ number: "WO-2026-0002", action: "hold", reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const [order] = await t.db.select().from(workOrders).where(eq(workOrders.number, "WO-2026-0002"));
    await t.db.insert(units).values({ serial: "CP40-W2-0001", partRevisionId: order!.partRevisionId, workOrderId: order!.id, status: "in_progress", startedAt: new Date() });
    await expect(as("planner").workOrders.transition({ number: "WO-2026-0002", action: "cancel", reason: "not needed" })).rejects.toMatchObject({ code: "CONFLICT", message: "WO-2026-0002 already has 1 unit; close it instead of cancelling it." });
    await as("planner").workOrders.transition({ number: "WO-2026-0002", action: "close" });
    await expect(as("planner").workOrders.transition({ number: "NO-SUCH-WO", action: "close" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await as("planner").workOrders.create({ number: "WO-2026-0003", partNumber: "CP40-ASM", qty: 5, line: "P1" });
    await as("planner").workOrders.transition({ number: "WO-2026-0003", action: "cancel", reason: "Customer order withdrawn" });
    const { items } = await as("viewer").workOrders.list({});
    expect(Object.fromEntries(items.filter((w) => w.number.startsWith("WO-2026")).map((w) => [w.number, w.status]))).toEqual({ "WO-2026-0001": "released", "WO-2026-0002": "closed", "WO-2026-0003": "cancelled" });
  });

  it("pages newest first with a cursor", async () => {
    for (let i = 10; i < 15; i++) await as("planner").workOrders.create({ number: `WO-PAGE-${i}`, partNumber: "CP40-ASM", qty: 1, line: "P1" });
    const first = await as("viewer").workOrders.list({ limit: 3 });
    expect(first.items.map((w) => w.number)).toEqual(["WO-PAGE-14", "WO-PAGE-13", "WO-PAGE-12"]);
    const second = await as("viewer").workOrders.list({ limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((w) => w.number).slice(0, 2)).toEqual(["WO-PAGE-11", "WO-PAGE-10"]);
  });
});
