import { sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";

/** The alarm code of a hold breach (docs/holds.md): one open alarm per held unit or lot and station, cleared when the hold is released. */
export const holdAlarmCode = (ref: string) => `HOLD ${ref}`;

export interface OpenHold {
  alarmId: number;
  stationCode: string;
  heldKind: "unit" | "component" | "lot";
  heldRef: string;
  message: string;
  raisedAt: Date;
}

/** Open hold alarms at these stations, with what was held: the banner on the line and station pages. */
export async function openHoldsAt(db: DbOrTx, stationIds: number[]): Promise<OpenHold[]> {
  if (!stationIds.length) return [];
  const rows = await db.execute<{ alarmId: string; stationCode: string; heldKind: OpenHold["heldKind"]; heldRef: string; message: string; raisedAt: string }>(sql`
    select a.id as "alarmId", s.code as "stationCode", b.held_kind as "heldKind", b.held_ref as "heldRef", a.message, a.raised_at as "raisedAt"
    from alarms a join stations s on s.id = a.station_id
    join lateral (select held_kind, held_ref from hold_breaches hb where hb.station_id = a.station_id and a.code = 'HOLD ' || hb.held_ref limit 1) b on true
    where a.station_id = any(${sql.param(stationIds)}::int[]) and a.cleared_at is null and a.code like 'HOLD %'
    order by a.raised_at desc
    limit 20`);
  return rows.map((r) => ({ ...r, alarmId: Number(r.alarmId), raisedAt: new Date(r.raisedAt) }));
}
