import { mean, sampleStandardDeviation } from "simple-statistics";

import type { WesternElectricRule } from "./spc-rules";

/** Control chart constants for moving ranges of two (n = 2): d2, D4 and E2 = 3/d2. */
export const D2 = 1.128;
export const D4 = 3.267;


export interface IndividualsChart {
  n: number;
  mean: number;
  /** Average moving range. */
  mrBar: number;
  /** Within-subgroup sigma, MR̄ / d2. */
  sigma: number;
  ucl: number;
  lcl: number;
  mrUcl: number;
  movingRanges: (number | null)[];
  /** Per point, the rules that point completes (empty when none). */
  violations: WesternElectricRule[][];
  capability: { cp: number | null; cpk: number | null; pp: number | null; ppk: number | null; overallSigma: number | null };
}

/**
 * Western Electric rules (Statistical Quality Control Handbook, 1956), each
 * flagged on the point that completes the pattern, zones measured from the centre line.
 */
export function westernElectricViolations(values: number[], centre: number, sigma: number): WesternElectricRule[][] {
  const result: WesternElectricRule[][] = values.map(() => []);
  if (!(sigma > 0)) return result;
  const z = values.map((v) => (v - centre) / sigma);
  const sideOf = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
  z.forEach((zi, i) => {
    const side = sideOf(zi);
    const rules = result[i] ?? [];
    if (Math.abs(zi) > 3) rules.push(1);
    // Points among the last `count` beyond `limit` on this point's side; the point itself must be one of them.
    const beyond = (count: number, limit: number) =>
      i + 1 < count || side === 0 || Math.abs(zi) <= limit ? 0 : z.slice(i + 1 - count, i + 1).filter((x) => sideOf(x) === side && Math.abs(x) > limit).length;
    if (beyond(3, 2) >= 2) rules.push(2);
    if (beyond(5, 1) >= 4) rules.push(3);
    if (i >= 7 && side !== 0 && z.slice(i - 7, i + 1).every((x) => sideOf(x) === side)) rules.push(4);
  });
  return result;
}

/** Individuals / moving-range chart with limits from the data, and Cp/Cpk (within) and Pp/Ppk (overall). */
export function individualsChart(values: number[], spec: { lsl: number | null; usl: number | null }): IndividualsChart {
  const n = values.length;
  const movingRanges = values.map((v, i) => (i === 0 ? null : Math.abs(v - (values[i - 1] ?? v))));
  const ranges = movingRanges.filter((r): r is number => r !== null);
  const centre = n > 0 ? mean(values) : 0;
  const mrBar = ranges.length > 0 ? mean(ranges) : 0;
  const sigma = mrBar / D2;
  const overallSigma = n > 1 ? sampleStandardDeviation(values) : null;
  const index = (s: number | null, f: (s: number) => number) => (s !== null && s > 0 ? f(s) : null);
  const { lsl, usl } = spec;
  const width = lsl !== null && usl !== null ? usl - lsl : null;
  const k = (s: number) => Math.min(usl !== null ? (usl - centre) / (3 * s) : Infinity, lsl !== null ? (centre - lsl) / (3 * s) : Infinity);
  const hasLimit = lsl !== null || usl !== null;
  const within = n > 1 ? sigma : null;
  return {
    n,
    mean: centre,
    mrBar,
    sigma,
    ucl: centre + 3 * sigma,
    lcl: centre - 3 * sigma,
    mrUcl: D4 * mrBar,
    movingRanges,
    violations: westernElectricViolations(values, centre, sigma),
    capability: {
      cp: width === null ? null : index(within, (s) => width / (6 * s)),
      cpk: hasLimit ? index(within, k) : null,
      pp: width === null ? null : index(overallSigma, (s) => width / (6 * s)),
      ppk: hasLimit ? index(overallSigma, k) : null,
      overallSigma,
    },
  };
}
