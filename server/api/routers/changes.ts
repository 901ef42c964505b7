import { createEcr, createEcrInput, listEcrs } from "@/server/changes/ecrs";

import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

export const changesRouter = createTRPCRouter({
  ecrs: protectedProcedure.query(({ ctx }) => listEcrs(ctx.db)),
  createEcr: permittedProcedure("authorChanges")
    .input(createEcrInput)
    .mutation(({ ctx, input }) => createEcr(ctx.db, ctx.user, input)),
});
