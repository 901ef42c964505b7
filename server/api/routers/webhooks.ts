import {
  createWebhook,
  createWebhookInput,
  listWebhookDeliveries,
  listWebhooks,
  replayDelivery,
  replayDeliveryInput,
  sendTestEvent,
  setWebhookEnabled,
  setWebhookEnabledInput,
  updateWebhook,
  updateWebhookInput,
  webhookDeliveriesInput,
  webhookIdInput,
} from "@/server/webhooks/subscriptions";
import { webhookSettings } from "@/server/webhooks/settings";

import { createTRPCRouter, permittedProcedure } from "../trpc";

/** Administrators only (docs/roles.md, docs/webhooks.md). */
export const webhooksRouter = createTRPCRouter({
  list: permittedProcedure("administer").query(({ ctx }) => listWebhooks(ctx.db)),
  create: permittedProcedure("administer").input(createWebhookInput).mutation(({ ctx, input }) => createWebhook(ctx.db, ctx.user, input, webhookSettings())),
  update: permittedProcedure("administer").input(updateWebhookInput).mutation(({ ctx, input }) => updateWebhook(ctx.db, ctx.user, input, webhookSettings())),
  setEnabled: permittedProcedure("administer").input(setWebhookEnabledInput).mutation(({ ctx, input }) => setWebhookEnabled(ctx.db, ctx.user, input)),
  deliveries: permittedProcedure("administer").input(webhookDeliveriesInput).query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input)),
  replay: permittedProcedure("administer").input(replayDeliveryInput).mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.user, input, webhookSettings())),
  sendTest: permittedProcedure("administer").input(webhookIdInput).mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.user, input, webhookSettings())),
});
