import { z } from "zod";

import { passwordLimits } from "@/server/auth/password-attempts";
import { addAttachment, addAttachmentInput, attachmentIdInput, getAttachment, removeAttachment } from "@/server/changes/attachments";
import { ecoEffect } from "@/server/changes/effect";
import {
  addPartChange,
  approvedEcrs,
  cancelEco,
  cancelEcoInput,
  createEco,
  createEcoInput,
  ecoListInput,
  ecosWaitingForSignature,
  getEco,
  getEcoRow,
  listEcos,
  partChangeInput,
  removePartChange,
  saveRevision,
  saveRevisionInput,
  submitEco,
  updateEco,
  updateEcoInput,
} from "@/server/changes/ecos";
import { createEcr, createEcrInput, ecrActionInput, ecrListInput, ecrsWaitingForReview, getEcr, listEcrs, listParts, listOwners, transitionEcr, updateEcr, updateEcrInput } from "@/server/changes/ecrs";
import { computeImpact } from "@/server/changes/impact";
import { acknowledgeLineNotice, listLineNotices } from "@/server/changes/line-notices";
import { partHistory } from "@/server/changes/part-history";
import { releaseEco } from "@/server/changes/release";
import { listStations } from "@/server/changes/revisions";
import { signEco, signEcoInput } from "@/server/changes/signatures";
import { homeTimeZone } from "@/server/equipment/time-zones";
import { code, recordId } from "@/server/input";

import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

const byNumber = z.object({ number: code.min(1) });

export const changesRouter = createTRPCRouter({
  ecrs: protectedProcedure.input(ecrListInput).query(({ ctx, input }) => listEcrs(ctx.db, input)),
  ecr: protectedProcedure.input(byNumber).query(({ ctx, input }) => getEcr(ctx.db, input.number)),
  createEcr: permittedProcedure("authorChanges")
    .input(createEcrInput)
    .mutation(({ ctx, input }) => createEcr(ctx.db, ctx.user, input)),
  updateEcr: permittedProcedure("authorChanges")
    .input(updateEcrInput)
    .mutation(({ ctx, input }) => updateEcr(ctx.db, ctx.user, input)),
  ecrAction: permittedProcedure("authorChanges")
    .input(ecrActionInput)
    .mutation(({ ctx, input }) => transitionEcr(ctx.db, ctx.user, input)),
  /** Called by the upload and download routes (app/api/changes), which carry the bytes. */
  addAttachment: permittedProcedure("authorChanges")
    .input(addAttachmentInput)
    .mutation(({ ctx, input }) => addAttachment(ctx.db, ctx.user, input)),
  removeAttachment: permittedProcedure("authorChanges")
    .input(attachmentIdInput)
    .mutation(({ ctx, input }) => removeAttachment(ctx.db, ctx.user, input.id)),
  attachment: protectedProcedure.input(attachmentIdInput).query(({ ctx, input }) => getAttachment(ctx.db, input.id)),

  ecos: protectedProcedure.input(ecoListInput).query(({ ctx, input }) => listEcos(ctx.db, input)),
  eco: protectedProcedure.input(byNumber).query(({ ctx, input }) => getEco(ctx.db, input.number)),
  impact: protectedProcedure.input(byNumber).query(async ({ ctx, input }) => computeImpact(ctx.db, await getEcoRow(ctx.db, input.number))),
  effect: protectedProcedure.input(byNumber).query(async ({ ctx, input }) => ecoEffect(ctx.db, await getEcoRow(ctx.db, input.number))),
  createEco: permittedProcedure("authorChanges")
    .input(createEcoInput)
    .mutation(({ ctx, input }) => createEco(ctx.db, ctx.user, input)),
  updateEco: permittedProcedure("authorChanges")
    .input(updateEcoInput)
    .mutation(({ ctx, input }) => updateEco(ctx.db, ctx.user, input)),
  addPartChange: permittedProcedure("authorChanges")
    .input(partChangeInput)
    .mutation(({ ctx, input }) => addPartChange(ctx.db, ctx.user, input)),
  removePartChange: permittedProcedure("authorChanges")
    .input(partChangeInput)
    .mutation(({ ctx, input }) => removePartChange(ctx.db, ctx.user, input)),
  saveRevision: permittedProcedure("authorChanges")
    .input(saveRevisionInput)
    .mutation(({ ctx, input }) => saveRevision(ctx.db, ctx.user, input)),
  submitEco: permittedProcedure("authorChanges")
    .input(byNumber)
    .mutation(({ ctx, input }) => submitEco(ctx.db, ctx.user, input.number)),
  signEco: permittedProcedure("signChanges")
    .input(signEcoInput)
    .mutation(({ ctx, input }) => signEco(ctx.db, ctx.user, input, { ip: ctx.clientAddress ?? null, limits: passwordLimits() })),
  cancelEco: permittedProcedure("authorChanges")
    .input(cancelEcoInput)
    .mutation(({ ctx, input }) => cancelEco(ctx.db, ctx.user, input)),
  releaseEco: permittedProcedure("authorChanges")
    .input(byNumber)
    .mutation(({ ctx, input }) => releaseEco(ctx.db, ctx.user, input.number)),

  timeZone: protectedProcedure.query(({ ctx }) => homeTimeZone(ctx.db)),
  waitingForMe: protectedProcedure.query(async ({ ctx }) => ({ ecos: await ecosWaitingForSignature(ctx.db, ctx.user), ecrs: await ecrsWaitingForReview(ctx.db, ctx.user) })),
  approvedEcrs: protectedProcedure.query(({ ctx }) => approvedEcrs(ctx.db)),
  parts: protectedProcedure.query(({ ctx }) => listParts(ctx.db)),
  stations: protectedProcedure.query(({ ctx }) => listStations(ctx.db)),
  owners: protectedProcedure.query(({ ctx }) => listOwners(ctx.db)),
  partHistory: protectedProcedure.input(z.object({ partNumber: code.min(1) })).query(({ ctx, input }) => partHistory(ctx.db, input.partNumber)),
  lineNotices: protectedProcedure.input(z.object({ lineCode: code.optional() }).default({})).query(({ ctx, input }) => listLineNotices(ctx.db, input)),
  acknowledgeLineNotice: permittedProcedure("changeWorkOrders")
    .input(z.object({ id: recordId }))
    .mutation(({ ctx, input }) => acknowledgeLineNotice(ctx.db, ctx.user, input.id)),
});
