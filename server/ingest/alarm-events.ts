import type postgres from "postgres";

import { emitEvent } from "@/server/events/emit";

interface AlarmFacts {
  code: string;
  severity: string;
  message: string;
  active: boolean;
}

/**
 * alarm.raised / alarm.cleared for webhooks and people (docs/webhooks.md), in
 * the batch's transaction: a batch that rolls back (and is redelivered) tells no one.
 */
export async function emitAlarmEvent(tx: postgres.TransactionSql, type: "alarm.raised" | "alarm.cleared", alarmId: string, stationId: number, alarm: AlarmFacts, ts: Date) {
  const [where] = await tx<{ station: string; line: string }[]>`
    select s.code as station, l.code as line from stations s join lines l on l.id = s.line_id where s.id = ${stationId}`;
  if (!where) return;
  await emitEvent(tx, {
    type,
    occurredAt: ts,
    line: where.line,
    summary: `${type === "alarm.raised" ? "Alarm" : "Cleared alarm"} ${alarm.code} (${alarm.severity}) at ${where.station} on line ${where.line}: ${alarm.message}`,
    link: `/lines/${where.line}/stations/${where.station}`,
    data: { alarmId, station: where.station, code: alarm.code, severity: alarm.severity, message: alarm.message, active: alarm.active },
    dedupeKey: `${type}:${alarmId}`,
  });
}
