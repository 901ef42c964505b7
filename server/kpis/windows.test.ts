import { describe, expect, it } from "vitest";

import { resolveWindow, startOfPlantDay } from "./windows";

const tz = "Europe/Berlin";

describe("KPI windows in the plant's time zone", () => {
  it("finds local midnight in winter (UTC+1) and summer (UTC+2), and across the DST change", () => {
    expect(startOfPlantDay(2026, 1, 15, tz).toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfPlantDay(2026, 7, 1, tz).toISOString()).toBe("2026-06-30T22:00:00.000Z");
    // 29 March 2026: clocks go forward at 02:00, midnight is still UTC+1.
    expect(startOfPlantDay(2026, 3, 29, tz).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfPlantDay(2026, 3, 30, tz).toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("resolves shift, day and week from now", () => {
    const now = new Date("2026-07-01T09:30:00Z"); // 11:30 in Berlin
    expect(resolveWindow({ window: "shift" }, now, tz)).toMatchObject({ from: new Date("2026-07-01T04:00:00Z"), to: now, bucket: "hour", label: "Early shift" });
    expect(resolveWindow({ window: "day" }, now, tz)).toMatchObject({ from: new Date("2026-06-30T22:00:00Z"), to: now, bucket: "hour" });
    // Seven plant days, today included: from 25 June 00:00 Berlin.
    expect(resolveWindow({ window: "week" }, now, tz)).toMatchObject({ from: new Date("2026-06-24T22:00:00Z"), to: now, bucket: "day" });
  });

  it("reads custom dates as whole plant days, end date included", () => {
    const w = resolveWindow({ window: "custom", from: "2026-03-01", to: "2026-03-30" }, new Date(), tz);
    expect(w.from.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-30T22:00:00.000Z");
    expect(w.bucket).toBe("day");
  });

  it("widens ISO instants to whole hours and refuses nonsense", () => {
    const w = resolveWindow({ window: "custom", from: "2026-03-02T08:20:00Z", to: "2026-03-02T09:10:00Z" }, new Date(), tz);
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual(["2026-03-02T08:00:00.000Z", "2026-03-02T10:00:00.000Z"]);
    expect(() => resolveWindow({ window: "custom", from: "2026-02-30x", to: "2026-03-01" }, new Date(), tz)).toThrow(/not a valid from date/);
    expect(() => resolveWindow({ window: "custom", from: "2026-02-01", to: "2026-02-30" }, new Date(), tz)).toThrow('"2026-02-30" is not a valid to date');
    expect(() => resolveWindow({ window: "custom", from: "2020-01-01", to: "2026-03-01" }, new Date(), tz)).toThrow("A window may span at most 400 days.");
  });
});
