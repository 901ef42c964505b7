/** Western Electric rules (Statistical Quality Control Handbook, 1956), by number; shared with client components. */
export const westernElectricRules = {
  1: "One point beyond 3σ",
  2: "Two of three points beyond 2σ on one side",
  3: "Four of five points beyond 1σ on one side",
  4: "Eight points in a row on one side of the centre line",
} as const;
export type WesternElectricRule = keyof typeof westernElectricRules;
