import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

/**
 * The home site's zone: the first live site in display order. Records that belong to no one site
 * (changes, traceability lists, the admin pages) show their times in it (docs/equipment.md "Time zones").
 */
export async function homeTimeZone(db: DbOrTx) {
  const [row] = await db.execute<{ time_zone: string }>(sql`select time_zone from sites order by retired_at is not null, position, id limit 1`);
  return row?.time_zone ?? "UTC";
}

/** The zone of the site of the line with the given id (an SQL expression), else the home site's. */
export const lineTimeZoneSql = (lineId: ReturnType<typeof sql>, fallback: string) =>
  sql`coalesce((select zs.time_zone from lines zl join areas za on za.id = zl.area_id join sites zs on zs.id = za.site_id where zl.id = ${lineId}), ${fallback})`;
