import { listInbox, listInboxInput, markAllRead, markRead, markReadInput, unreadCount } from "@/server/notifications/inbox";
import { preferencesForm, savePreferences, setPreferencesInput } from "@/server/notifications/preferences";

import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Every procedure reads and writes the signed-in user's own inbox and preferences only (docs/notifications.md). */
export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure.input(listInboxInput).query(({ ctx, input }) => listInbox(ctx.db, ctx.user, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user)),
  markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx.db, ctx.user, input)),
  markAllRead: protectedProcedure.mutation(({ ctx }) => markAllRead(ctx.db, ctx.user)),
  preferences: protectedProcedure.query(({ ctx }) => preferencesForm(ctx.db, ctx.user)),
  setPreferences: protectedProcedure.input(setPreferencesInput).mutation(({ ctx, input }) => savePreferences(ctx.db, ctx.user, input)),
});
