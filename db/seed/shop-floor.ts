import type { SqlClient } from "../index";
import type { StationState } from "../schema";
import { copyRows, row } from "./copy";
import { areaDefs, machineDownReasons } from "./factory";
import type { MasterData } from "./master-data";
import type { Random } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What follows a run, with its odds and duration range in minutes. */
const interruptions: { state: StationState; p: number; min: number; max: number }[] = [
  { state: "IDLE", p: 0.35, min: 2, max: 10 },
  { state: "STARVED", p: 0.2, min: 2, max: 15 },
  { state: "BLOCKED", p: 0.15, min: 2, max: 10 },
  { state: "DOWN", p: 0.18, min: 5, max: 55 },
  { state: "SETUP", p: 0.07, min: 10, max: 30 },
  { state: "PLANNED_STOP", p: 0.05, min: 30, max: 30 },
];

function pickInterruption(random: Random) {
  let x = random.next();
  for (const i of interruptions) if ((x -= i.p) <= 0) return i;
  return interruptions[0]!;
}

/** State history for the last days, alarms for the DOWN periods, and recent telemetry. */
export async function seedShopFloor(sql: SqlClient, master: MasterData, random: Random, now: Date, historyDays: number) {
  const nowMs = now.getTime();
  const supervisorId = master.userIds.get("supervisor@threadline.demo")!;
  const operatorId = master.userIds.get("operator@threadline.demo")!;
  const states: string[] = [];
  const alarms: string[] = [];
  const samples: string[] = [];

  for (const [code, stationId] of master.stationIds) {
    let t = nowMs - historyDays * 24 * HOUR;
    // About a third of the stations are in a stop right now, so the demo opens on a believable floor.
    const stopsAt = random.chance(0.35) ? nowMs - random.int(3, 40) * MINUTE : nowMs;
    while (t < nowMs) {
      if (t >= stopsAt) {
        const next = pickInterruption(random);
        const reported = next.state === "DOWN" ? random.pick(machineDownReasons) : null;
        states.push(row(stationId, next.state, new Date(t), null, reported, null, null, null));
        if (reported) alarms.push(row(stationId, reported, "critical", `${code}: ${reported.replace(/_/g, " ").toLowerCase()}`, new Date(t), null, null, null));
        break;
      }
      const run = random.int(20, 150) * MINUTE;
      const runEnd = Math.min(t + run, stopsAt);
      states.push(row(stationId, "RUNNING", new Date(t), runEnd >= nowMs ? null : new Date(runEnd), null, null, null, null));
      t = runEnd;
      if (t >= stopsAt) continue;
      const next = pickInterruption(random);
      const end = t + random.int(next.min, next.max) * MINUTE;
      const isOpen = end >= nowMs;
      const reported = next.state === "DOWN" ? random.pick(machineDownReasons) : null;
      // Supervisors have classified most downtime older than a shift.
      const classified = next.state === "DOWN" && end < nowMs - 8 * HOUR && random.chance(0.75);
      states.push(
        row(stationId, next.state, new Date(t), isOpen ? null : new Date(end), reported, classified ? random.pick(master.downtimeReasonIds) : null, classified ? supervisorId : null, classified ? new Date(end + 30 * MINUTE) : null),
      );
      if (next.state === "DOWN") {
        const acked = !isOpen || random.chance(0.5);
        alarms.push(row(stationId, reported, random.chance(0.6) ? "critical" : "warning", `${code}: ${reported!.replace(/_/g, " ").toLowerCase()}`, new Date(t), isOpen ? null : new Date(end), acked ? new Date(t + 2 * MINUTE) : null, acked ? operatorId : null));
      }
      t = end;
    }
  }
  // A few warnings that stay active without stopping the station.
  for (const code of ["P1-050", "M1-040"]) {
    alarms.push(row(master.stationIds.get(code), "FILTER_CLOGGED", "warning", `${code}: filter differential pressure high`, new Date(nowMs - random.int(20, 90) * MINUTE), null, null, null));
  }

  const telemetryFrom = nowMs - 6 * HOUR;
  for (const area of areaDefs) {
    for (const line of area.lines) {
      for (const station of line.stations) {
        const stationId = master.stationIds.get(station.code);
        for (const metric of station.metrics) {
          const metricId = master.metricIds.get(metric.name);
          let drift = 0;
          for (let t = telemetryFrom; t <= nowMs; t += MINUTE) {
            drift = drift * 0.95 + random.normal(0, metric.sd * 0.3);
            samples.push(row(stationId, metricId, new Date(t), Math.round((metric.mean + drift + random.normal(0, metric.sd * 0.5)) * 1000) / 1000));
          }
        }
      }
    }
  }

  await copyRows(sql, "station_state_intervals", ["station_id", "state", "started_at", "ended_at", "reported_reason", "downtime_reason_id", "reason_by_id", "reason_at"], states);
  await copyRows(sql, "alarms", ["station_id", "code", "severity", "message", "raised_at", "cleared_at", "acknowledged_at", "acknowledged_by_id"], alarms);
  await copyRows(sql, "telemetry_samples", ["station_id", "metric_id", "ts", "value"], samples);
}
