import type { SqlClient } from "../index";
import { copyRows, row } from "./copy";
import { downtimeReasonDefs, lineDefs } from "./factory";
import type { MasterData } from "./master-data";
import { stationStatesDuring, type TimelineSegment } from "./plant-operation";
import type { Random } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Telemetry is downsampled with age, as a historian does, but never coarser
 * than the station page's chart buckets for that age (1,000 points a window,
 * server/api/routers/lines.ts): every bucket of the 1 h, 8 h, 24 h and longer views has a sample.
 */
function sampleStep(age: number) {
  if (age < HOUR) return 3_000;
  if (age < 8 * HOUR) return 25_000;
  if (age < 24 * HOUR) return 80_000;
  return 3 * MINUTE;
}

const breakdownReasons = ["MECH", "ELEC", "TOOL"];

/**
 * Station states, alarms and telemetry along each line's timeline: every
 * station runs while its line runs; in a stop the station at fault reports
 * it, those upstream are blocked and those downstream starved.
 */
export async function seedShopFloor(sql: SqlClient, master: MasterData, random: Random, now: Date, timelines: Map<string, TimelineSegment[]>) {
  const nowMs = now.getTime();
  const supervisorId = master.userIds.get("supervisor@threadline.demo")!;
  const operatorId = master.userIds.get("operator@threadline.demo")!;
  const breakdownIds = breakdownReasons.map((code) => master.downtimeReasonIds[downtimeReasonDefs.findIndex((d) => d.code === code)]!);
  const states: string[] = [];
  const alarms: string[] = [];

  for (const line of lineDefs) {
    const segments = timelines.get(line.code) ?? [];
    // Supervisors have classified most breakdowns older than a shift; the current shift's are still open.
    const classifiedBefore = nowMs - 8 * HOUR;
    for (const [index, station] of line.stations.entries()) {
      const stationId = master.stationIds.get(station.code);
      let open: { state: string; reason: string | null; start: number; end: number } | null = null;
      const close = () => {
        if (!open) return;
        const isOpen = open.end >= nowMs;
        const isClassified = open.state === "DOWN" && open.end < classifiedBefore && random.chance(0.75);
        states.push(
          row(stationId, open.state, new Date(open.start), isOpen ? null : new Date(open.end), open.reason, isClassified ? random.pick(breakdownIds) : null, isClassified ? supervisorId : null, isClassified ? new Date(open.end + 30 * MINUTE) : null),
        );
        if (open.state === "DOWN" && open.reason) {
          const isAcked = !isOpen || random.chance(0.5);
          alarms.push(row(stationId, open.reason, random.chance(0.6) ? "critical" : "warning", `${station.code}: ${open.reason.replace(/_/g, " ").toLowerCase()}`, new Date(open.start), isOpen ? null : new Date(open.end), isAcked ? new Date(open.start + 2 * MINUTE) : null, isAcked ? operatorId : null));
        }
      };
      for (const segment of segments) {
        const { state, reason } = segment.stop ? stationStatesDuring(segment.stop, line.stations.length)[index]! : { state: "RUNNING", reason: null };
        if (open && open.state === state && open.reason === reason) {
          open.end = segment.end;
          continue;
        }
        close();
        open = { state, reason, start: segment.start, end: segment.end };
      }
      close();
    }
  }
  // A few warnings that stay active without stopping the station.
  for (const code of ["P1-050", "M1-040"]) {
    alarms.push(row(master.stationIds.get(code), "FILTER_CLOGGED", "warning", `${code}: filter differential pressure high`, new Date(nowMs - random.int(20, 90) * MINUTE), null, null, null));
  }
  await copyRows(sql, "station_state_intervals", ["station_id", "state", "started_at", "ended_at", "reported_reason", "downtime_reason_id", "reason_by_id", "reason_at"], states);
  await copyRows(sql, "alarms", ["station_id", "code", "severity", "message", "raised_at", "cleared_at", "acknowledged_at", "acknowledged_by_id"], alarms);

  for (const line of lineDefs) {
    const segments = timelines.get(line.code) ?? [];
    for (const station of line.stations) {
      const stationId = master.stationIds.get(station.code);
      const samples: string[] = [];
      for (const metric of station.metrics) {
        const metricId = master.metricIds.get(metric.name);
        let drift = 0;
        let segment = 0;
        for (let t = segments[0]?.start ?? nowMs; t <= nowMs; t += sampleStep(nowMs - t)) {
          while (segment < segments.length - 1 && segments[segment]!.end <= t) segment++;
          // A stopped machine cools down and its forces drop.
          const level = segments[segment]?.stop ? 0.85 : 1;
          drift = drift * 0.95 + random.normal(0, metric.sd * 0.3);
          samples.push(row(stationId, metricId, new Date(t), Math.round((metric.mean * level + drift + random.normal(0, metric.sd * 0.5)) * 1000) / 1000));
        }
      }
      await copyRows(sql, "telemetry_samples", ["station_id", "metric_id", "ts", "value"], samples);
    }
  }
}
