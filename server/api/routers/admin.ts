import { listDowntimeReasons, saveDowntimeReason, saveDowntimeReasonInput, setDowntimeReasonActive, setDowntimeReasonActiveInput } from "@/server/admin/downtime-reasons";
import { createApiToken, createApiTokenInput, listApiTokens, revokeApiToken, revokeApiTokenInput } from "@/server/api-tokens/tokens";
import { getIngestionHealth, listDeadLetters, listDeadLettersInput } from "@/server/admin/ingestion";
import { createUser, createUserInput, listUsers, resetPassword, resetPasswordInput, setUserActive, setUserActiveInput, updateUser, updateUserInput } from "@/server/admin/users";
import { auditSettings } from "@/server/audit/anchor";
import { verifyAndAnchor } from "@/server/audit/verify";
import { getRetention, previewRetention, retentionInput, saveRetention } from "@/server/data-lifecycle/retention";

import { responseOf } from "../openapi-meta";
import { createTRPCRouter, permittedProcedure } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: permittedProcedure("administer").query(({ ctx }) => listUsers(ctx.db)),
  createUser: permittedProcedure("administer").input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, ctx.user, input)),
  updateUser: permittedProcedure("administer").input(updateUserInput).mutation(({ ctx, input }) => updateUser(ctx.db, ctx.user, input)),
  setUserActive: permittedProcedure("administer").input(setUserActiveInput).mutation(({ ctx, input }) => setUserActive(ctx.db, ctx.user, input)),
  resetPassword: permittedProcedure("administer").input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.user, input)),
  verifyAudit: permittedProcedure("administer").mutation(({ ctx }) => verifyAndAnchor(ctx.db, auditSettings())),
  ingestion: permittedProcedure("administer")
    .meta({ openapi: { method: "GET", path: "/ingestion", tags: ["Ingestion"], summary: "Ingestion workers, station silence and the most recent dead letters with their reasons (administrator)" }, scope: "ingestion:read" })
    .output(responseOf<Awaited<ReturnType<typeof getIngestionHealth>>>("{ partitions, workers, deadLetters: { total, lastDay, recent }, stations }"))
    .query(({ ctx }) => getIngestionHealth(ctx.db)),
  deadLetters: permittedProcedure("administer")
    .meta({ openapi: { method: "GET", path: "/dead-letters", tags: ["Ingestion"], summary: "Dead letters newest first with topic, reason and payload (base64); pass nextCursor as cursor for the next page (administrator)" }, scope: "ingestion:read" })
    .input(listDeadLettersInput.strict())
    .output(responseOf<Awaited<ReturnType<typeof listDeadLetters>>>("{ items: [{ id, receivedAt, topic, error, payloadBase64 }], nextCursor }"))
    .query(({ ctx, input }) => listDeadLetters(ctx.db, input)),
  apiTokens: permittedProcedure("administer").query(({ ctx }) => listApiTokens(ctx.db)),
  createApiToken: permittedProcedure("administer").input(createApiTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user, input)),
  revokeApiToken: permittedProcedure("administer").input(revokeApiTokenInput).mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.user, input)),
  downtimeReasons: permittedProcedure("administer").query(({ ctx }) => listDowntimeReasons(ctx.db)),
  saveDowntimeReason: permittedProcedure("administer")
    .input(saveDowntimeReasonInput)
    .mutation(({ ctx, input }) => saveDowntimeReason(ctx.db, ctx.user, input)),
  setDowntimeReasonActive: permittedProcedure("administer")
    .input(setDowntimeReasonActiveInput)
    .mutation(({ ctx, input }) => setDowntimeReasonActive(ctx.db, ctx.user, input)),
  retention: permittedProcedure("administer").query(({ ctx }) => getRetention(ctx.db)),
  previewRetention: permittedProcedure("administer").input(retentionInput).query(({ ctx, input }) => previewRetention(ctx.db, input)),
  saveRetention: permittedProcedure("administer").input(retentionInput).mutation(({ ctx, input }) => saveRetention(ctx.db, ctx.user, input)),
});
