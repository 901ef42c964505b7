import { z } from "zod";

import { acknowledgeAlarm } from "@/server/lines/alarms";
import { setDowntimeReason } from "@/server/lines/downtime";
import { getLinesOverview } from "@/server/lines/overview";

import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

const id = z.number().int().positive();

export const linesRouter = createTRPCRouter({
  overview: protectedProcedure.input(z.object({ areaCode: z.string().optional() }).default({})).query(({ ctx, input }) => getLinesOverview(ctx.db, input)),
  acknowledgeAlarm: permittedProcedure("acknowledgeAlarms")
    .input(z.object({ alarmId: id }))
    .mutation(({ ctx, input }) => acknowledgeAlarm(ctx.db, ctx.user, input.alarmId)),
  setDowntimeReason: permittedProcedure("recordDowntime")
    .input(z.object({ intervalId: id, reasonId: id }))
    .mutation(({ ctx, input }) => setDowntimeReason(ctx.db, ctx.user, input)),
});
