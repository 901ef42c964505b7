import { createTRPCRouter, protectedProcedure } from "../trpc";

export const sessionRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.user),
});
