import { listDowntimeReasons, saveDowntimeReason, saveDowntimeReasonInput, setDowntimeReasonActive, setDowntimeReasonActiveInput } from "@/server/admin/downtime-reasons";
import { getIngestionHealth } from "@/server/admin/ingestion";
import { listUsers } from "@/server/admin/users";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAndAnchor } from "@/server/audit/verify";

import { createTRPCRouter, permittedProcedure } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: permittedProcedure("administer").query(({ ctx }) => listUsers(ctx.db)),
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
