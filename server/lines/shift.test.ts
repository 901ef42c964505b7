import { describe, expect, it } from "vitest";

import { currentShift } from "./shift";

describe("currentShift", () => {
  it("finds the early shift in Berlin summer time (UTC+2)", () => {
    const shift = currentShift(new Date("2026-07-01T09:30:00Z"), "Europe/Berlin");
    expect(shift).toEqual({ name: "Early", start: new Date("2026-07-01T04:00:00Z"), end: new Date("2026-07-01T12:00:00Z") });
  });

  it("finds the late shift in Berlin winter time (UTC+1)", () => {
    const shift = currentShift(new Date("2026-11-25T15:00:00Z"), "Europe/Berlin");
    expect(shift).toEqual({ name: "Late", start: new Date("2026-11-25T13:00:00Z"), end: new Date("2026-11-25T21:00:00Z") });
  });

  it("puts the small hours in the night shift that began the evening before", () => {
    const shift = currentShift(new Date("2026-11-25T02:00:00Z"), "Europe/Berlin");
    expect(shift).toEqual({ name: "Night", start: new Date("2026-11-24T21:00:00Z"), end: new Date("2026-11-25T05:00:00Z") });
  });
});
