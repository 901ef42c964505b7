import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import type { Db, DbOrTx } from "@/db";
import { areas, lineHolidays, linePlannedStops, lines, lineShifts, sites } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { NotFoundError } from "@/server/errors";
import { recordId, text } from "@/server/input";
import { clockSpan, defaultShifts, type ShiftCalendar } from "@/server/lines/shift";
import { notifyRealtime } from "@/server/realtime/notify";

const WEEK = 7 * 1440;
const weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const isClockTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
const isRealDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);

const weekdaysInput = z.array(z.number().int().min(1).max(7)).max(7);
export const shiftCalendarInput = z
  .object({
    lineId: recordId,
    shifts: z
      .array(z.object({ name: text(40).trim(), start: text(5).trim(), end: text(5).trim(), weekdays: weekdaysInput }))
      .max(12, "A line has at most 12 shifts."),
    plannedStops: z.array(z.object({ start: text(5).trim(), end: text(5).trim(), weekdays: weekdaysInput, reason: text(80).trim() })).max(40, "A line has at most 40 planned stops."),
    holidays: z.array(z.object({ day: text(10).trim(), name: text(80).trim() })).max(400, "A line has at most 400 holidays."),
  })
  .superRefine((calendar, ctx) => {
    for (const message of calendarProblems(calendar)) ctx.addIssue({ code: "custom", message });
  });
export type ShiftCalendarInput = z.input<typeof shiftCalendarInput>;

/** Where each weekday's occurrence of a clock span lies in the week, in minutes from Monday 00:00. */
function weekSpans(start: string, end: string, weekdays: number[]) {
  const { from, to } = clockSpan(start, end);
  return weekdays.map((d) => ({ day: d, from: (d - 1) * 1440 + from, to: (d - 1) * 1440 + to }));
}
const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }) => [-WEEK, 0, WEEK].some((shift) => a.from < b.to + shift && b.from + shift < a.to);
const inside = (inner: { from: number; to: number }, outer: { from: number; to: number }) => [-WEEK, 0, WEEK].some((shift) => inner.from >= outer.from + shift && inner.to <= outer.to + shift);

/** Every rule the calendar breaks, as sentences (docs/equipment.md "Shift calendars"). */
function calendarProblems(calendar: Omit<z.output<typeof shiftCalendarInput>, "lineId">): string[] {
  const problems: string[] = [];
  const time = (what: string, value: string) => {
    if (!isClockTime(value)) problems.push(`${what}: "${value}" is not a time; use HH:MM from 00:00 to 23:59.`);
  };
  const days = (what: string, weekdays: number[]) => {
    if (weekdays.length === 0) problems.push(`${what}: choose at least one weekday.`);
    if (new Set(weekdays).size !== weekdays.length) problems.push(`${what}: a weekday is listed twice.`);
  };
  const names = new Set<string>();
  calendar.shifts.forEach((s, i) => {
    const what = `Shift ${i + 1}${s.name ? ` (${s.name})` : ""}`;
    if (!s.name) problems.push(`Shift ${i + 1}: give it a name.`);
    else if (names.has(s.name.toLowerCase())) problems.push(`${what}: another shift has this name.`);
    names.add(s.name.toLowerCase());
    time(`${what} start`, s.start);
    time(`${what} end`, s.end);
    days(what, s.weekdays);
    if (isClockTime(s.start) && s.start === s.end) problems.push(`${what}: the end must differ from the start (an end before the start is an overnight shift).`);
  });
  const valid = (s: { start: string; end: string }) => isClockTime(s.start) && isClockTime(s.end) && s.start !== s.end;
  const shifts = (calendar.shifts.length ? calendar.shifts : defaultShifts).filter(valid).map((s) => ({ name: s.name, spans: weekSpans(s.start, s.end, [...new Set(s.weekdays)]) }));
  shifts.forEach((a, i) =>
    shifts.slice(i + 1).forEach((b) => {
      const clash = a.spans.find((x) => b.spans.some((y) => overlaps(x, y)));
      if (clash) problems.push(`Shifts ${a.name} and ${b.name} overlap on ${weekdayNames[clash.day - 1]}: a line works one shift at a time.`);
    }),
  );
  calendar.plannedStops.forEach((p, i) => {
    const what = `Planned stop ${i + 1}${p.reason ? ` (${p.reason})` : ""}`;
    if (!p.reason) problems.push(`Planned stop ${i + 1}: give a reason, such as Break.`);
    time(`${what} start`, p.start);
    time(`${what} end`, p.end);
    days(what, p.weekdays);
    if (!valid(p)) return;
    const outside = weekSpans(p.start, p.end, p.weekdays).find((span) => !shifts.some((s) => s.spans.some((shift) => inside(span, shift))));
    if (outside) problems.push(`${what}: ${p.start}–${p.end} on ${weekdayNames[outside.day - 1]} is not inside one shift; a planned stop lies within a shift.`);
  });
  const seen = new Set<string>();
  calendar.holidays.forEach((h, i) => {
    if (!isRealDate(h.day)) problems.push(`Holiday ${i + 1}: "${h.day}" is not a date; use YYYY-MM-DD.`);
    else if (seen.has(h.day)) problems.push(`The holiday ${h.day} is listed twice.`);
    seen.add(h.day);
    if (!h.name) problems.push(`Holiday ${i + 1}: give it a name, such as Plant shutdown.`);
  });
  return problems;
}

const byPosition = <T extends { lineId: number; position: number }>(rows: T[]) => rows.sort((a, b) => a.position - b.position);

/** The calendars of the given lines as stored: lines without shift rows work the default three shifts. */
export async function loadShiftCalendars(db: DbOrTx, lineIds: number[]): Promise<Map<number, ShiftCalendar>> {
  const calendars = new Map<number, ShiftCalendar>(lineIds.map((id) => [id, { shifts: [], plannedStops: [], holidays: [] }]));
  if (lineIds.length === 0) return calendars;
  const [shiftRows, stopRows, holidayRows] = await Promise.all([
    db.select().from(lineShifts).where(inArray(lineShifts.lineId, lineIds)),
    db.select().from(linePlannedStops).where(inArray(linePlannedStops.lineId, lineIds)),
    db.select().from(lineHolidays).where(inArray(lineHolidays.lineId, lineIds)),
  ]);
  for (const s of byPosition(shiftRows)) calendars.get(s.lineId)?.shifts.push({ name: s.name, start: s.startTime, end: s.endTime, weekdays: s.weekdays });
  for (const p of byPosition(stopRows)) calendars.get(p.lineId)?.plannedStops.push({ start: p.startTime, end: p.endTime, weekdays: p.weekdays, reason: p.reason });
  for (const h of holidayRows) calendars.get(h.lineId)?.holidays.push(h.day);
  for (const calendar of calendars.values()) if (calendar.shifts.length === 0) calendar.shifts = defaultShifts;
  return calendars;
}

/** One line's calendar for the editor: what is stored (no shifts = the default), the holidays with names, and the site's zone. */
export async function getShiftCalendar(db: DbOrTx, lineId: number) {
  const [line] = await db
    .select({ id: lines.id, code: lines.code, name: lines.name, targetPerHour: lines.targetPerHour, timeZone: sites.timeZone, siteName: sites.name })
    .from(lines)
    .innerJoin(areas, eq(areas.id, lines.areaId))
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(eq(lines.id, lineId));
  if (!line) throw new NotFoundError(`No line has the id ${lineId}.`);
  const [shiftRows, stopRows, holidayRows] = await Promise.all([
    db.select().from(lineShifts).where(eq(lineShifts.lineId, lineId)).orderBy(asc(lineShifts.position)),
    db.select().from(linePlannedStops).where(eq(linePlannedStops.lineId, lineId)).orderBy(asc(linePlannedStops.position)),
    db.select().from(lineHolidays).where(eq(lineHolidays.lineId, lineId)).orderBy(asc(lineHolidays.day)),
  ]);
  return {
    line,
    isDefaultPattern: shiftRows.length === 0,
    defaultShifts,
    shifts: shiftRows.map((s) => ({ name: s.name, start: s.startTime, end: s.endTime, weekdays: s.weekdays })),
    plannedStops: stopRows.map((p) => ({ start: p.startTime, end: p.endTime, weekdays: p.weekdays, reason: p.reason })),
    holidays: holidayRows.map((h) => ({ day: h.day, name: h.name })),
  };
}

/** Replaces a line's calendar in one transaction, audited with the calendar before; an empty shift list means the default pattern. */
export async function saveShiftCalendar(db: Db, user: SessionUser, input: ShiftCalendarInput) {
  const { lineId, ...calendar } = shiftCalendarInput.parse(input);
  const sorted = (days: number[]) => [...days].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    const [line] = await tx.select({ id: lines.id }).from(lines).where(eq(lines.id, lineId)).for("update");
    if (!line) throw new NotFoundError(`No line has the id ${lineId}.`);
    const before = await getShiftCalendar(tx, lineId);
    await tx.delete(lineShifts).where(eq(lineShifts.lineId, lineId));
    await tx.delete(linePlannedStops).where(eq(linePlannedStops.lineId, lineId));
    await tx.delete(lineHolidays).where(eq(lineHolidays.lineId, lineId));
    if (calendar.shifts.length) await tx.insert(lineShifts).values(calendar.shifts.map((s, i) => ({ lineId, position: i + 1, name: s.name, startTime: s.start, endTime: s.end, weekdays: sorted(s.weekdays) })));
    if (calendar.plannedStops.length) await tx.insert(linePlannedStops).values(calendar.plannedStops.map((p, i) => ({ lineId, position: i + 1, startTime: p.start, endTime: p.end, weekdays: sorted(p.weekdays), reason: p.reason })));
    if (calendar.holidays.length) await tx.insert(lineHolidays).values(calendar.holidays.map((h) => ({ lineId, day: h.day, name: h.name })));
    await appendAudit(tx, {
      ...auditActor(user),
      action: "line.calendar_edited",
      entityType: "line",
      entityId: String(lineId),
      data: { ...calendar, was: { shifts: before.shifts, plannedStops: before.plannedStops, holidays: before.holidays } },
    });
    await notifyRealtime(tx, "equipment", []);
    return getShiftCalendar(tx, lineId);
  });
}
