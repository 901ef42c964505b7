import { changeOwnPassword, changeOwnPasswordInput } from "@/server/admin/users";
import { passwordLimits } from "@/server/auth/password-attempts";

import { createTRPCRouter, protectedProcedure } from "../trpc";

export const sessionRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.user),
  changePassword: protectedProcedure
    .input(changeOwnPasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.user, input, { ip: ctx.clientAddress ?? null, limits: passwordLimits() })),
});
