import { z } from "zod";

import { getAsBuiltRecord } from "@/server/traceability/as-built-record";
import { holdWhereUsed, setUnitHold } from "@/server/traceability/holds";
import { searchTraceability } from "@/server/traceability/search";
import { getTraceabilityStart } from "@/server/traceability/start";
import { getUnitSummary } from "@/server/traceability/unit-summary";
import { getWhereUsed, getWhereUsedAll } from "@/server/traceability/where-used";

import { createTRPCRouter, permittedProcedure } from "../trpc";

const serial = z.string().trim().min(1, "Enter a serial number.").max(100);
const reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(500);
const origin = z.union([z.object({ lotNumber: z.string().trim().min(1, "Enter a lot number.").max(100) }), z.object({ serial })]);

export const traceabilityRouter = createTRPCRouter({
  unit: permittedProcedure("traceability")
    .input(z.object({ serial }))
    .query(({ ctx, input }) => getUnitSummary(ctx.db, input.serial)),
  search: permittedProcedure("traceability")
    .input(z.object({ q: z.string().trim().min(1, "Enter a serial, lot, work order or part number.").max(300) }))
    .query(({ ctx, input }) => searchTraceability(ctx.db, input.q)),
  /** What the search page offers before anything is searched. */
  start: permittedProcedure("traceability").query(({ ctx }) => getTraceabilityStart(ctx.db)),
  record: permittedProcedure("traceability")
    .input(z.object({ serial }))
    .query(({ ctx, input }) => getAsBuiltRecord(ctx.db, input.serial)),
  whereUsed: permittedProcedure("traceability")
    .input(
      z.object({
        origin,
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(10).max(500).default(100),
        status: z.enum(["in_progress", "complete", "scrapped", "on_hold"]).optional(),
        isTopLevelOnly: z.boolean().optional(),
      }),
    )
    .query(({ ctx, input }) => getWhereUsed(ctx.db, input.origin, input)),
  /** The whole set, for exports. */
  whereUsedAll: permittedProcedure("traceability")
    .input(z.object({ origin }))
    .query(({ ctx, input }) => getWhereUsedAll(ctx.db, input.origin)),
  setUnitHold: permittedProcedure("holdRelease")
    .input(z.object({ serial, action: z.enum(["hold", "release"]), reason }))
    .mutation(({ ctx, input }) => setUnitHold(ctx.db, ctx.user, input)),
  holdWhereUsed: permittedProcedure("holdRelease")
    .input(z.object({ origin, reason }))
    .mutation(({ ctx, input }) => holdWhereUsed(ctx.db, ctx.user, input)),
});
