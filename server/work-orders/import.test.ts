import { readFileSync } from "node:fs";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import type { Role, SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

const example = (name: string) => readFileSync(path.join("docs/examples", name));
const wire = (...files: { name: string; content: Buffer | string }[]) => ({ files: files.map((f) => ({ name: f.name, content: new Uint8Array(Buffer.from(f.content)) })) });
const header = "number,part_number,revision,quantity,line,due_date,serial_prefix,status";
const file = (...rows: string[]) => wire({ name: "work-orders.csv", content: [header, ...rows].join("\n") });

describe("work order import", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const people = new Map<Role, SessionUser>();
  const as = (role: Role) => createCaller({ db: t.db, user: people.get(role)! }).workOrders;
  const orders = async () =>
    t.db.execute<{ number: string; revision: string; qty: number; line: string; due: string; prefix: string | null; status: string }>(sql`
      select wo.number, pr.revision, wo.qty, l.code as line, wo.due_date::text as due, wo.serial_prefix as prefix, wo.status
      from work_orders wo join part_revisions pr on pr.id = wo.part_revision_id join lines l on l.id = wo.line_id order by wo.number`);
  const audited = async () => (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'work_order.created'`))[0]?.n ?? 0;

  beforeAll(async () => {
    t = await openTestDb();
    await seedMasterData(t.db, new Date());
    for (const u of await t.db.select().from(users)) if (!people.has(u.role)) people.set(u.role, { id: u.id, name: u.name, email: u.email, role: u.role });
    // The example work orders build the example parts: import those first, as docs/work-orders.md says.
    const masterData = ["parts.csv", "bom.csv", "routing.csv", "characteristics.csv", "documents.csv"].map((name) => ({ name, content: example(name) }));
    await createCaller({ db: t.db, user: people.get("engineer")! }).masterData.commit(wire(...masterData));
    // A part with only a draft revision, and a second line P9 in another area for the ambiguity check.
    await t.db.execute(sql`insert into parts (part_number, name, make_buy, is_serialized) values ('NEW-PUMP', 'Pump in development', 'make', true)`);
    await t.db.execute(sql`insert into part_revisions (part_id, revision, status) select id, 'A', 'draft' from parts where part_number = 'NEW-PUMP'`);
    await t.db.execute(sql`insert into areas (site_id, code, name) select site_id, 'spare', 'Spare area' from areas limit 1`);
    await t.db.execute(sql`insert into lines (area_id, code, name) select a.id, c, 'Twin ' || c from areas a, unnest(array['P9']) c where a.code in ('spare', 'pumps')`);
  });
  afterAll(async () => t.close());

  it("checks the example file, imports it in one go, audited per order, and a second import of it changes nothing", async () => {
    const examples = wire({ name: "work-orders.csv", content: example("work-orders.csv") });
    const before = await audited();
    expect(await as("planner").importDryRun(examples)).toEqual({ problems: [], problemCount: 0, summary: { workOrders: 3, unchangedWorkOrders: 0 }, isUnchanged: false });
    expect(await orders()).toEqual([]);

    expect(await as("planner").importCommit(examples)).toEqual({ isUnchanged: false, summary: { workOrders: 3, unchangedWorkOrders: 0 } });
    expect(await orders()).toEqual([
      { number: "WO-HP25-0001", revision: "A", qty: 120, line: "P1", due: "2026-12-18", prefix: "HP25-0001-", status: "released" },
      { number: "WO-HP25-0002", revision: "A", qty: 240, line: "P1", due: "2027-01-15", prefix: "HP25-0002-", status: "planned" },
      { number: "WO-HP25-0003", revision: "A", qty: 240, line: "P1", due: "2027-01-29", prefix: null, status: "planned" },
    ]);
    expect((await audited()) - before).toBe(3);
    const [entry] = await t.db.execute<{ actor: string; data: Record<string, unknown> }>(sql`select actor, data from audit_log where entity_id = 'WO-HP25-0001'`);
    expect(entry?.data).toMatchObject({ partNumber: "HP25-ASM", revision: "A", qty: 120, status: "released", import: { file: "work-orders.csv", row: 2 } });

    // The planner releases one of them meanwhile: the file's status is only where a new order starts.
    await as("planner").transition({ number: "WO-HP25-0002", action: "release" });
    expect(await as("planner").importDryRun(examples)).toMatchObject({ problemCount: 0, summary: { workOrders: 0, unchangedWorkOrders: 3 }, isUnchanged: true });
    expect(await as("planner").importCommit(examples)).toEqual({ isUnchanged: true, summary: { workOrders: 0, unchangedWorkOrders: 3 } });
    expect((await audited()) - before).toBe(3);
  });

  it("lists every bad cell by row and column, and a commit of the file writes nothing", async () => {
    const bad = file(
      "WO-BAD-1,NOPE-1,,10,P1,2026-12-18,,",
      "WO-BAD-2,NEW-PUMP,,10,P1,2026-12-18,,",
      "WO-BAD-3,HP25-ASM,Z,10,P1,2026-12-18,,",
      "WO-BAD-4,HP25-ASM,,0,P1,2026-12-18,,",
      "WO-BAD-5,HP25-ASM,,ten,P1,2026-12-18,,",
      "WO-BAD-6,HP25-ASM,,10,Q7,2026-12-18,,",
      "WO-BAD-7,HP25-ASM,,10,P9,2026-12-18,,",
      "WO-BAD-8,HP25-ASM,,10,P1,18.12.2026,,",
      "WO-BAD-9,HP25-ASM,,10,P1,2026-12-18,bad prefix,",
      "WO-BAD-10,HP25-ASM,,10,P1,2026-12-18,,closed",
      "WO BAD 11,HP25-ASM,,10,P1,2026-12-18,,",
      "WO-BAD-12,HP25-ASM,,10,P1,2026-12-18,,",
      "WO-BAD-12,HP25-ASM,,10,P1,2026-12-18,,",
      "WO-HP25-0001,HP25-ASM,,125,P1,2026-12-18,HP25-0001-,released",
      "WO-BAD-13,HP25-ASM,,2000000,P1,,,",
    );
    const result = await as("planner").importDryRun(bad);
    expect(result.summary).toBeNull();
    expect(result.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "part_number", 'No part has the number "NOPE-1".'],
      [3, "part_number", "NEW-PUMP has no released revision; release one through an ECO first."],
      [4, "revision", "HP25-ASM has no revision Z."],
      [5, "quantity", "The quantity is at least 1."],
      [6, "quantity", "“ten” is not a whole number."],
      [7, "line", 'No line in service has the code "Q7".'],
      [8, "line", expect.stringMatching(/^Several lines have the code "P9" \(.*\); give each line a code of its own first\.$/)],
      [9, "due_date", "The due date is a date like 2026-12-24."],
      [10, "serial_prefix", "A serial prefix is 1 to 40 letters, digits, . _ / or -."],
      [11, "status", "“closed” is neither planned nor released; an import creates orders in one of those."],
      [12, "number", "A work order number is 1 to 40 letters, digits, . _ / or - (for example WO-2026-0815)."],
      [14, "number", "Work order WO-BAD-12 is already on row 13."],
      [15, "number", "Work order WO-HP25-0001 already exists with quantity 120; an import only adds orders, change this one on the work orders page."],
      [16, "quantity", "The quantity is at most 1,000,000."],
      [16, "due_date", "“due_date” is empty."],
    ]);
    expect(result.problems.every((p) => p.file === "work-orders.csv")).toBe(true);

    const before = (await orders()).length;
    await expect(as("planner").importCommit(bad)).rejects.toThrow(/^The import has 15 problem\(s\); the first: work-orders.csv row 2 column part_number: No part has the number "NOPE-1"\./);
    expect(await orders()).toHaveLength(before);
  });

  it("names a missing or unknown column, and refuses more than one file", async () => {
    const noQuantity = wire({ name: "orders.csv", content: "number,part_number,line,due_date,colour\nWO-X-1,HP25-ASM,P1,2026-12-18,red\n" });
    expect((await as("planner").importDryRun(noQuantity)).problems).toEqual([
      { file: "orders.csv", row: 1, column: "quantity", message: "The column “quantity” is missing." },
      { file: "orders.csv", row: 1, column: "colour", message: "Unknown column “colour”; work order files have number, part_number, quantity, line, due_date, revision, serial_prefix, status." },
    ]);
    const two = wire({ name: "a.csv", content: header }, { name: "b.csv", content: header });
    expect((await as("planner").importDryRun(two)).problems).toEqual([{ file: "a.csv, b.csv", row: null, column: null, message: "Give exactly one work order file (.csv or .xlsx)." }]);
  });

  it("is for planners: an engineer may not import work orders", async () => {
    await expect(as("engineer").importDryRun(file("WO-E-1,HP25-ASM,,10,P1,2026-12-18,,"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("engineer").importCommit(file("WO-E-1,HP25-ASM,,10,P1,2026-12-18,,"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
