import { z } from "zod";

import { acknowledgeAlarm } from "@/server/lines/alarms";
import { setDowntimeReason } from "@/server/lines/downtime";
import { getLineDetail, getStationDetail, stationIdsOfLine } from "@/server/lines/line-detail";
import { getLinesOverview, listAreas } from "@/server/lines/overview";
import { code, recordId } from "@/server/input";

import { responseOf } from "../openapi-meta";
import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

const DAY = 24 * 3600_000;

/** An optional time window with a ceiling, so no request scans years of history. */
function windowInput(maxDays: number) {
  return z
    .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() })
    .refine((w) => !w.from || !w.to || w.from < w.to, "The window must start before it ends.")
    .refine((w) => !w.from || (w.to ?? new Date()).getTime() - w.from.getTime() <= maxDays * DAY, `The window may be at most ${maxDays} days long.`);
}

export const linesRouter = createTRPCRouter({
  areas: protectedProcedure.query(({ ctx }) => listAreas(ctx.db)),
  overview: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/lines", tags: ["Lines"], summary: "Every line now: each station's current state and since when, active alarms, shift output" }, scope: "lines:read" })
    .input(z.strictObject({ areaCode: code.optional() }).default({}))
    .output(responseOf<Awaited<ReturnType<typeof getLinesOverview>>>("Lines with their stations' current states, active alarm counts and shift figures"))
    .query(({ ctx, input }) => {
      const compute = () => getLinesOverview(ctx.db, input);
      // Within the web server the figures are shared between viewers for up to a second; "no signal" needs no finer clock.
      return ctx.realtime ? ctx.realtime.cached(`overview:${input.areaCode ?? ""}`, 1000, compute) : compute();
    }),
  detail: protectedProcedure
    .input(z.object({ lineCode: code.min(1), window: windowInput(31) }))
    .query(({ ctx, input }) => getLineDetail(ctx.db, { lineCode: input.lineCode, ...input.window })),
  station: protectedProcedure
    .input(z.object({ lineCode: code.min(1), stationCode: code.min(1), window: windowInput(92) }))
    .query(({ ctx, input }) => getStationDetail(ctx.db, { lineCode: input.lineCode, stationCode: input.stationCode, ...input.window, maxPoints: 1000 })),
  /** Live changes over SSE: the client refetches what changed. Filtered to one line when asked. */
  events: protectedProcedure.input(z.object({ lineCode: code.optional() }).default({})).subscription(async function* ({ ctx, input, signal }) {
    const hub = ctx.realtime;
    if (!hub) throw new Error("lines.events needs the realtime hub in its context");
    const lineStations = input.lineCode ? new Set(await stationIdsOfLine(ctx.db, input.lineCode)) : null;
    for await (const message of hub.messages(signal ?? new AbortController().signal)) {
      if (message.type === "change" && lineStations && !message.stationIds.some((s) => lineStations.has(s))) continue;
      yield message;
    }
  }),
  acknowledgeAlarm: permittedProcedure("acknowledgeAlarms")
    .input(z.object({ alarmId: recordId }))
    .mutation(({ ctx, input }) => acknowledgeAlarm(ctx.db, ctx.user, input.alarmId)),
  setDowntimeReason: permittedProcedure("recordDowntime")
    .input(z.object({ intervalId: recordId, reasonId: recordId }))
    .mutation(({ ctx, input }) => setDowntimeReason(ctx.db, ctx.user, input)),
});
