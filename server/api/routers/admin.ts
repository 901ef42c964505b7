import { listDowntimeReasons, saveDowntimeReason, saveDowntimeReasonInput, setDowntimeReasonActive, setDowntimeReasonActiveInput } from "@/server/admin/downtime-reasons";
import { getIngestionHealth } from "@/server/admin/ingestion";
import { createUser, createUserInput, listUsers, resetPassword, resetPasswordInput, setUserActive, setUserActiveInput, updateUser, updateUserInput } from "@/server/admin/users";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAndAnchor } from "@/server/audit/verify";

import { createTRPCRouter, permittedProcedure } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: permittedProcedure("administer").query(({ ctx }) => listUsers(ctx.db)),
  createUser: permittedProcedure("administer").input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, ctx.user, input)),
  updateUser: permittedProcedure("administer").input(updateUserInput).mutation(({ ctx, input }) => updateUser(ctx.db, ctx.user, input)),
  setUserActive: permittedProcedure("administer").input(setUserActiveInput).mutation(({ ctx, input }) => setUserActive(ctx.db, ctx.user, input)),
  resetPassword: permittedProcedure("administer").input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.user, input)),
  verifyAudit: permittedProcedure("administer").mutation(({ ctx }) => verifyAndAnchor(ctx.db, auditSettings())),
  ingestion: permittedProcedure("administer").query(({ ctx }) => getIngestionHealth(ctx.db)),
  downtimeReasons: permittedProcedure("administer").query(({ ctx }) => listDowntimeReasons(ctx.db)),
  saveDowntimeReason: permittedProcedure("administer")
    .input(saveDowntimeReasonInput)
    .mutation(({ ctx, input }) => saveDowntimeReason(ctx.db, ctx.user, input)),
  setDowntimeReasonActive: permittedProcedure("administer")
    .input(setDowntimeReasonActiveInput)
    .mutation(({ ctx, input }) => setDowntimeReasonActive(ctx.db, ctx.user, input)),
});
