import { z } from "zod";

import { getUnitSummary } from "@/server/traceability/unit-summary";

import { createTRPCRouter, permittedProcedure } from "../trpc";

export const traceabilityRouter = createTRPCRouter({
  unit: permittedProcedure("traceability")
    .input(z.object({ serial: z.string().trim().min(1, "Enter a serial number.").max(100) }))
    .query(({ ctx, input }) => getUnitSummary(ctx.db, input.serial)),
});
