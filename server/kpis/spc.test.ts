import { describe, expect, it } from "vitest";

import { individualsChart, westernElectricViolations } from "./spc";

describe("individuals / moving-range chart", () => {
  /*
   * NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2
   * ("Individuals Control Charts"): flow rate of the first ten batches of a new
   * process. The handbook gives x̄ = 50.81, MR̄ = 1.8778, individuals limits
   * 45.82 / 55.80 and a moving-range UCL of 6.13.
   * By hand: Σx = 508.1 → x̄ = 50.81; moving ranges 2.0 2.3 1.4 3.5 3.4 1.4 0.2 1.2 1.5,
   * Σ = 16.9 → MR̄ = 16.9 / 9 = 1.8778; σ = MR̄ / 1.128 = 1.6647; x̄ ± 3σ = 50.81 ± 4.994;
   * MR UCL = 3.267 × 1.8778 = 6.135.
   */
  const flowRate = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1];

  it("reproduces the NIST handbook's limits", () => {
    const chart = individualsChart(flowRate, { lsl: null, usl: null });
    expect(chart.n).toBe(10);
    expect(chart.mean).toBeCloseTo(50.81, 10);
    expect(chart.mrBar).toBeCloseTo(16.9 / 9, 10);
    expect(chart.ucl).toBeCloseTo(55.8, 2);
    expect(chart.lcl).toBeCloseTo(45.82, 2);
    expect(chart.mrUcl).toBeCloseTo(6.13, 2);
    // The handbook finds the process in control: no point breaks a rule.
    expect(chart.violations.flat()).toEqual([]);
    expect(chart.capability.cp).toBeNull();
  });

  it("computes Cp and Cpk from the within sigma, Pp and Ppk from the overall one", () => {
    // With limits 44-58: Cp = 14 / (6 × 1.6647) = 1.4016; Cpk = min(58 − 50.81, 50.81 − 44) / (3 × 1.6647) = 6.81 / 4.9942 = 1.3636.
    const chart = individualsChart(flowRate, { lsl: 44, usl: 58 });
    const sigma = 16.9 / 9 / 1.128;
    expect(chart.capability.cp).toBeCloseTo(14 / (6 * sigma), 10);
    expect(chart.capability.cpk).toBeCloseTo((50.81 - 44) / (3 * sigma), 10);
    // Sample standard deviation of the ten values: Σ(x − x̄)² = 37.229, / 9, √ → 2.0339.
    expect(chart.capability.overallSigma).toBeCloseTo(Math.sqrt(37.229 / 9), 3);
    expect(chart.capability.ppk).toBeCloseTo((50.81 - 44) / (3 * Math.sqrt(37.229 / 9)), 3);
    // One-sided: only an upper limit → Cp undefined, Cpk from that side.
    const upper = individualsChart(flowRate, { lsl: null, usl: 58 });
    expect(upper.capability.cp).toBeNull();
    expect(upper.capability.cpk).toBeCloseTo((58 - 50.81) / (3 * sigma), 10);
  });
});

describe("Western Electric rules", () => {
  // Centre 0, sigma 1: the values are their own z-scores.
  const rulesAt = (values: number[]) => westernElectricViolations(values, 0, 1).map((rules, i) => [i, rules] as const).filter(([, rules]) => rules.length > 0);

  it("rule 1: a point beyond 3σ", () => {
    expect(rulesAt([0.2, -0.3, 3.2, 0.1, -3.5])).toEqual([[2, [1]], [4, [1]]]);
  });

  it("rule 2: two of three beyond 2σ on the same side, flagged where the pattern completes", () => {
    expect(rulesAt([0.1, 2.5, -0.4, 2.2, 0.3])).toEqual([[3, [2]]]);
    // Opposite sides do not count together.
    expect(rulesAt([0.1, 2.5, -2.4, 0.3])).toEqual([]);
  });

  it("rule 3: four of five beyond 1σ on the same side", () => {
    expect(rulesAt([-0.5, 1.2, 1.5, 0.2, 1.1, 1.3, -0.2])).toEqual([[5, [3]]]);
  });

  it("rule 4: eight in a row on one side of the centre line", () => {
    const run = [0.3, 0.5, 0.2, 0.9, 0.4, 0.1, 0.6, 0.7, 0.2];
    expect(rulesAt([-0.5, ...run])).toEqual([[8, [4]], [9, [4]]]);
  });

  it("flags nothing when sigma is zero (all values equal)", () => {
    expect(westernElectricViolations([5, 5, 5], 5, 0).flat()).toEqual([]);
  });
});
