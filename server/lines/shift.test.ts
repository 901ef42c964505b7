import { describe, expect, it } from "vitest";

import { currentShift, latestShift, scheduledMinutes, shiftTarget, type ShiftCalendar } from "./shift";

const berlin = "Europe/Berlin";
const weekdays = [1, 2, 3, 4, 5];
/** Mon-Fri early and late, a night shift on Fridays only, a lunch break, Christmas off. */
const calendar: ShiftCalendar = {
  shifts: [
    { name: "Early", start: "06:00", end: "14:00", weekdays },
    { name: "Late", start: "14:00", end: "22:00", weekdays },
    { name: "Night", start: "22:00", end: "06:00", weekdays: [5] },
  ],
  plannedStops: [
    { start: "12:00", end: "12:30", weekdays, reason: "Lunch" },
    { start: "02:00", end: "02:30", weekdays: [6], reason: "Night break" },
  ],
  holidays: ["2026-12-25"],
};

describe("currentShift with the default three shifts", () => {
  it("finds the early shift in Berlin summer time (UTC+2)", () => {
    expect(currentShift(new Date("2026-07-01T09:30:00Z"), berlin)).toEqual({ name: "Early", start: new Date("2026-07-01T04:00:00Z"), end: new Date("2026-07-01T12:00:00Z"), plannedStops: [] });
  });

  it("finds the late shift in Berlin winter time (UTC+1)", () => {
    expect(currentShift(new Date("2026-11-25T15:00:00Z"), berlin)).toMatchObject({ name: "Late", start: new Date("2026-11-25T13:00:00Z"), end: new Date("2026-11-25T21:00:00Z") });
  });

  it("puts the small hours in the night shift that began the evening before", () => {
    expect(currentShift(new Date("2026-11-25T02:00:00Z"), berlin)).toMatchObject({ name: "Night", start: new Date("2026-11-24T21:00:00Z"), end: new Date("2026-11-25T05:00:00Z") });
  });

  it("ends the night shift at 06:00 wall-clock time over a DST change: 7 hours in spring, 9 in autumn", () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    const spring = currentShift(new Date("2026-03-29T01:30:00Z"), berlin);
    expect(spring).toMatchObject({ name: "Night", start: new Date("2026-03-28T21:00:00Z"), end: new Date("2026-03-29T04:00:00Z") });
    // 25 October 2026: 03:00 CEST becomes 02:00 CET.
    const autumn = currentShift(new Date("2026-10-25T02:30:00Z"), berlin);
    expect(autumn).toMatchObject({ name: "Night", start: new Date("2026-10-24T20:00:00Z"), end: new Date("2026-10-25T05:00:00Z") });
    // The early shift after it starts at 06:00 CEST / CET.
    expect(currentShift(new Date("2026-03-29T04:30:00Z"), berlin)).toMatchObject({ name: "Early", start: new Date("2026-03-29T04:00:00Z") });
    expect(currentShift(new Date("2026-10-25T05:30:00Z"), berlin)).toMatchObject({ name: "Early", start: new Date("2026-10-25T05:00:00Z") });
  });
});

describe("currentShift with a line's calendar", () => {
  it("knows the shift's weekdays: Friday's night shift runs into Saturday, Saturday has no shift", () => {
    // Friday 27 Nov 2026, 23:00 Berlin; Saturday 28 Nov 03:00 Berlin; Saturday 10:00.
    expect(currentShift(new Date("2026-11-27T22:00:00Z"), berlin, calendar)).toMatchObject({ name: "Night", start: new Date("2026-11-27T21:00:00Z"), end: new Date("2026-11-28T05:00:00Z") });
    expect(currentShift(new Date("2026-11-28T02:00:00Z"), berlin, calendar)?.name).toBe("Night");
    expect(currentShift(new Date("2026-11-28T09:00:00Z"), berlin, calendar)).toBeNull();
    // Thursday night: no night shift.
    expect(currentShift(new Date("2026-11-26T23:00:00Z"), berlin, calendar)).toBeNull();
  });

  it("has no shift on a holiday, and the last shift before it is the one that ended", () => {
    const christmas = new Date("2026-12-25T09:00:00Z");
    expect(currentShift(christmas, berlin, calendar)).toBeNull();
    expect(latestShift(christmas, berlin, calendar)).toMatchObject({ isCurrent: false, shift: { name: "Late", start: new Date("2026-12-24T13:00:00Z"), end: new Date("2026-12-24T21:00:00Z") } });
    expect(latestShift(new Date("2026-12-24T09:00:00Z"), berlin, calendar)).toMatchObject({ isCurrent: true, shift: { name: "Early" } });
  });

  it("carries the day's planned stops, also the one after midnight in an overnight shift", () => {
    const early = currentShift(new Date("2026-11-26T08:00:00Z"), berlin, calendar);
    expect(early?.plannedStops).toEqual([{ start: new Date("2026-11-26T11:00:00Z"), end: new Date("2026-11-26T11:30:00Z"), reason: "Lunch" }]);
    const night = currentShift(new Date("2026-11-27T22:00:00Z"), berlin, calendar);
    expect(night?.plannedStops).toEqual([{ start: new Date("2026-11-28T01:00:00Z"), end: new Date("2026-11-28T01:30:00Z"), reason: "Night break" }]);
    expect(currentShift(new Date("2026-11-26T14:00:00Z"), berlin, calendar)?.plannedStops).toEqual([]);
  });

  it("takes planned stops off the scheduled minutes and the target", () => {
    const early = currentShift(new Date("2026-11-26T08:00:00Z"), berlin, calendar);
    if (!early) throw new Error("no early shift");
    // 11:00 Berlin: five hours in, before lunch.
    expect(scheduledMinutes(early, new Date("2026-11-26T10:00:00Z"))).toBe(300);
    // 12:15 Berlin: 375 minutes in, 15 of them lunch.
    expect(scheduledMinutes(early, new Date("2026-11-26T11:15:00Z"))).toBe(360);
    // After the shift: 480 − 30.
    expect(scheduledMinutes(early, new Date("2026-11-26T20:00:00Z"))).toBe(450);
    expect(shiftTarget(12, early, new Date("2026-11-26T20:00:00Z"))).toBe(90);
  });
});
