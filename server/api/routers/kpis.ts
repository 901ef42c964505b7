import { z } from "zod";

import { stationStates } from "@/db/schema";
import { getEcrCycleTime } from "@/server/kpis/ecr-cycle-time";
import { getKpiFilterOptions } from "@/server/kpis/filter-options";
import { describeKpiScope, getKpiParetos, getKpiSummary, getKpiTrend, getLineComparison } from "@/server/kpis/kpis";
import { lossStates, unitRecordKinds } from "@/server/kpis/constants";
import { listKpiDowntime, listKpiUnits, pageInput } from "@/server/kpis/records";
import { resolveScope } from "@/server/kpis/scope";
import { getSpcChart, listSpcCharacteristics, spcCharacteristicsInput, spcChartInput } from "@/server/kpis/spc-data";
import { kpiFilterInput } from "@/server/kpis/windows";

import { responseOf } from "../openapi-meta";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** KPIs and SPC are for every signed-in user (docs/roles.md). */
export const kpisRouter = createTRPCRouter({
  filterOptions: protectedProcedure.query(({ ctx }) => getKpiFilterOptions(ctx.db)),
  scope: protectedProcedure.input(kpiFilterInput).query(({ ctx, input }) => describeKpiScope(ctx.db, input)),
  summary: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/kpis/summary", tags: ["KPIs"], summary: "FPY, RTY, OEE, scrap, rework, MTBF/MTTR and throughput for a line, station or part over a window (docs/kpis.md)" }, scope: "kpis:read" })
    .input(z.strictObject(kpiFilterInput.shape))
    .output(responseOf<Awaited<ReturnType<typeof getKpiSummary>>>("The KPI figures of the window, with the resolved scope"))
    .query(({ ctx, input }) => getKpiSummary(ctx.db, input)),
  trend: protectedProcedure.input(kpiFilterInput).query(({ ctx, input }) => getKpiTrend(ctx.db, input)),
  lines: protectedProcedure.input(kpiFilterInput).query(({ ctx, input }) => getLineComparison(ctx.db, input)),
  paretos: protectedProcedure.input(kpiFilterInput).query(({ ctx, input }) => getKpiParetos(ctx.db, input)),
  units: protectedProcedure
    .input(kpiFilterInput.extend({ kind: z.enum(unitRecordKinds), page: pageInput }))
    .query(({ ctx, input }) => listKpiUnits(ctx.db, input, input.kind, input.page)),
  downtime: protectedProcedure
    .input(kpiFilterInput.extend({ states: z.array(z.enum(stationStates)).min(1).max(stationStates.length).default([...lossStates]), page: pageInput }))
    .query(({ ctx, input }) => listKpiDowntime(ctx.db, input, input.states, input.page)),
  ecrCycleTimes: protectedProcedure.input(kpiFilterInput).query(async ({ ctx, input }) => {
    const scope = await resolveScope(ctx.db, input);
    const cycleTimes = await getEcrCycleTime(ctx.db, { from: scope.window.from, to: scope.window.to, partNumber: scope.part?.partNumber });
    return { ...cycleTimes, window: { from: scope.window.from, to: scope.window.to, label: scope.window.label, timeZone: scope.window.timeZone } };
  }),
  spcCharacteristics: protectedProcedure
    .input(spcCharacteristicsInput)
    .query(({ ctx, input }) => listSpcCharacteristics(ctx.db, input.part)),
  spcChart: protectedProcedure
    .input(spcChartInput)
    .query(({ ctx, input }) => getSpcChart(ctx.db, input)),
});
