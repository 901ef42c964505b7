import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";

import { runMigrations } from "./migrate";

describe("migrations", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    // Migrated here, not copied from the run's template: the migrations themselves are under test.
    t = await openTestDb(undefined, { isMigratedHere: true });
  });
  afterAll(async () => t.close());

  it("create the domain tables on an empty database", async () => {
    const tables = await t.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public'`;
    const names = tables.map((r) => r.name);
    for (const table of ["sites", "stations", "parts", "part_revisions", "bom_lines", "routing_operations", "work_orders", "units", "process_steps", "measurements", "component_installs", "material_lots", "station_state_intervals", "alarms", "ecrs", "ecos", "eco_approvals", "users", "audit_log", "dead_letters"]) {
      expect(names).toContain(table);
    }
  });

  it("partition telemetry by month, with a default partition for stray timestamps", async () => {
    const [parent] = await t.sql<{ strategy: string }[]>`select partstrat as strategy from pg_partitioned_table where partrelid = 'telemetry_samples'::regclass`;
    expect(parent?.strategy).toBe("r");
    const parts = await t.sql<{ name: string }[]>`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'telemetry_samples'::regclass`;
    const month = new Date().toISOString().slice(0, 7).replace("-", "m");
    expect(parts.map((p) => p.name)).toEqual(expect.arrayContaining(["telemetry_samples_default", `telemetry_samples_y${month}`]));
  });

  it("are idempotent: a second run changes nothing", async () => {
    const before = await t.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    await runMigrations(t.url);
    const after = await t.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(after).toEqual(before);
  });

  it("refuse to update or delete audit entries", async () => {
    await t.sql`insert into audit_log (seq, at, actor, action, entity_type, data, prev_hash, hash) values (1, now(), 'test', 'x', 'y', '{}', 'a', 'b')`;
    await expect(t.sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/);
    await expect(t.sql`delete from audit_log`).rejects.toThrow(/append-only/);
  });
});
