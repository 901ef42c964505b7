import { sql as rawSql } from "drizzle-orm";

import { appendAudit } from "@/server/audit/audit-log";
import { ConflictError } from "@/server/errors";
import { refreshKpiRollups } from "@/server/kpis/rollups";

import { createDb, createTxDb, type SqlClient } from "../index";
import { seedChanges } from "./changes";
import { seedMasterData } from "./master-data";
import { demoUnitsPerDay } from "./plant-operation";
import { seedProduction } from "./production";
import { createRandom } from "./random";
import { seedShopFloor } from "./shop-floor";

export interface SeedOptions {
  /**
   * Serialised units in all, about: the lines always run at their real rates,
   * so fewer units mean a shorter history. Unset: 30 days of history.
   */
  units?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}

export const countedTables = [
  "sites", "areas", "lines", "stations", "users", "parts", "part_revisions", "bom_lines", "routing_operations", "documents", "document_revisions",
  "work_orders", "material_lots", "units", "process_steps", "measurements", "component_installs",
  "station_state_intervals", "alarms", "telemetry_samples", "ecrs", "ecos", "eco_approvals", "audit_log",
] as const;

export async function countRows(sql: SqlClient) {
  const counts: Record<string, number> = {};
  for (const table of countedTables) {
    const [r] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
    counts[table] = r!.n;
  }
  return counts;
}

/**
 * Loads the demo factory in one transaction: all of it or nothing. Same
 * options, same rows: a fixed random seed drives every choice, only the
 * timestamps follow `now`.
 */
export async function seedDatabase(sql: SqlClient, options: SeedOptions = {}) {
  const now = options.now ?? new Date();
  const log = options.onProgress ?? (() => {});
  const spanDays = options.units === undefined ? 30 : Math.min(1000, options.units / demoUnitsPerDay());
  const cp40RevBFrom = new Date(now.getTime() - spanDays * 0.4 * 24 * 3600_000);

  await sql.begin(async (tx) => {
    const db = createTxDb(sql, tx);
    const txSql = tx as unknown as SqlClient;
    const [existing] = await db.execute<{ n: number }>(rawSql`select count(*)::int as n from sites`);
    if (existing && existing.n > 0) throw new ConflictError("The database already holds a factory; seed an empty database.");
    await tx`set local synchronous_commit = off`;

    const random = createRandom(20_261_125);
    log("seeding master data (site, lines, stations, parts, BOMs, routings, users)");
    const master = await seedMasterData(db, new Date(now.getTime() - spanDays * 24 * 3600_000));
    log(`seeding production history: ${spanDays.toFixed(1)} days`);
    const production = await seedProduction(txSql, master, random, { now, spanDays, cp40RevBFrom, onProgress: log });
    log("seeding station states, alarms and telemetry");
    await seedShopFloor(txSql, master, random, now, production.timelines);
    log("seeding engineering changes");
    await seedChanges(db, master, now, cp40RevBFrom);
    if (production.suspectLotNumber) {
      await appendAudit(db, { actorId: master.userIds.get("quality@threadline.demo")!, actor: "Quinn Adler (quality)", action: "lot.hold", entityType: "material_lot", entityId: production.suspectLotNumber, data: { reason: "Supplier 8D: solder voids on U3", units: production.heldUnits } });
    }
    await appendAudit(db, { actorId: null, actor: "seed", action: "seed.loaded", entityType: "database", data: { units: options.units ?? null, days: spanDays } });
  });
  log("analysing tables");
  await sql`analyze`;
  await refreshKpiRollups(createDb(sql), { now, onProgress: log });
  return countRows(sql);
}
