import type { StationState } from "@/db/schema";

/** What one scope (the whole filter, a line, a trend bucket) adds up to from the rollups. */
export interface KpiTotals {
  /** Per station: step counts (part filter applied) for first-pass rates and RTY. */
  stations: Map<number, StationCounts>;
  /** Ideal cycle time × steps, all parts, in the hours the station reported its state. */
  idealSeconds: number;
  /** Unit counts for line-level figures; null when the scope is one station. */
  units: UnitCounts | null;
  stateSeconds: Partial<Record<StationState, number>>;
  downStarts: number;
  /** Window hours elapsed, for throughput. */
  hours: number;
  /** Whether the scope is one line (or one of its stations), where RTY means something. */
  isSingleLine: boolean;
}

export interface StationCounts {
  steps: number;
  firstAttempts: number;
  firstPass: number;
  good: number;
  scrap: number;
  rework: number;
}

export interface UnitCounts {
  finished: number;
  good: number;
  firstPass: number;
  scrapped: number;
  reworked: number;
}

export interface KpiFigures {
  firstPassYield: number | null;
  rolledThroughputYield: number | null;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  scrapRatio: number | null;
  reworkRatio: number | null;
  /** Seconds. */
  mtbf: number | null;
  mttr: number | null;
  /** Good units per hour. */
  throughput: number | null;
  counts: {
    started: number;
    firstPass: number;
    produced: number;
    good: number;
    scrap: number;
    rework: number;
    runningSeconds: number;
    plannedBusySeconds: number;
    downSeconds: number;
    failures: number;
  };
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

export function emptyTotals(hours: number, isSingleLine: boolean, hasUnits: boolean): KpiTotals {
  return { stations: new Map(), idealSeconds: 0, units: hasUnits ? { finished: 0, good: 0, firstPass: 0, scrapped: 0, reworked: 0 } : null, stateSeconds: {}, downStarts: 0, hours, isSingleLine };
}

/**
 * The formulas of docs/kpis.md (ISO 22400-2), in one place:
 * availability = actual production time (RUNNING) / planned busy time (all recorded time but PLANNED_STOP);
 * performance = ideal cycle time × produced / actual production time; quality = good / produced;
 * OEE = A × P × Q; FPY = first-pass units / units started; scrap and rework ratios over produced;
 * MTBF = RUNNING time / DOWN events, MTTR = DOWN time / DOWN events; RTY = Π first-pass rate of each station.
 * Line scope counts units (produced = units finished); a station scope counts that station's steps.
 */
export function computeKpis(totals: KpiTotals): KpiFigures {
  const stationSums = { steps: 0, firstAttempts: 0, firstPass: 0, good: 0, scrap: 0, rework: 0 };
  let rty: number | null = totals.isSingleLine ? 1 : null;
  let hasStationData = false;
  for (const s of totals.stations.values()) {
    for (const key of Object.keys(stationSums) as (keyof StationCounts)[]) stationSums[key] += s[key];
    if (s.firstAttempts > 0) {
      hasStationData = true;
      if (rty !== null) rty *= s.firstPass / s.firstAttempts;
    }
  }
  if (!hasStationData) rty = null;

  const u = totals.units;
  const counts = u
    ? { started: u.finished, firstPass: u.firstPass, produced: u.finished, good: u.good, scrap: u.scrapped, rework: u.reworked }
    : { started: stationSums.firstAttempts, firstPass: stationSums.firstPass, produced: stationSums.steps, good: stationSums.good, scrap: stationSums.scrap, rework: stationSums.rework };

  const running = totals.stateSeconds.RUNNING ?? 0;
  const recorded = Object.values(totals.stateSeconds).reduce((a, b) => a + b, 0);
  const plannedBusy = recorded - (totals.stateSeconds.PLANNED_STOP ?? 0);
  const down = totals.stateSeconds.DOWN ?? 0;

  const availability = ratio(running, plannedBusy);
  const performance = ratio(totals.idealSeconds, running);
  const quality = ratio(counts.good, counts.produced);
  const oee = availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  return {
    firstPassYield: ratio(counts.firstPass, counts.started),
    rolledThroughputYield: rty,
    availability,
    performance,
    quality,
    oee,
    scrapRatio: ratio(counts.scrap, counts.produced),
    reworkRatio: ratio(counts.rework, counts.produced),
    mtbf: ratio(running, totals.downStarts),
    mttr: ratio(down, totals.downStarts),
    throughput: totals.hours > 0 ? counts.good / totals.hours : null,
    counts: { ...counts, runningSeconds: running, plannedBusySeconds: plannedBusy, downSeconds: down, failures: totals.downStarts },
  };
}
