import { commitWorkOrderImport, dryRunWorkOrderImport } from "@/server/work-orders/import";
import { createWorkOrder, createWorkOrderInput, listWorkOrderChoices, listWorkOrders, listWorkOrdersInput, transitionWorkOrder, transitionWorkOrderInput } from "@/server/work-orders/work-orders";

import { decodeImportFiles, importFilesInput } from "../import-files";
import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

/** Everyone reads work orders; planners create and import them; who may change a status depends on the action (docs/work-orders.md). */
export const workOrdersRouter = createTRPCRouter({
  choices: protectedProcedure.query(({ ctx }) => listWorkOrderChoices(ctx.db)),
  list: protectedProcedure.input(listWorkOrdersInput).query(({ ctx, input }) => listWorkOrders(ctx.db, input)),
  create: permittedProcedure("planWorkOrders").input(createWorkOrderInput).mutation(({ ctx, input }) => createWorkOrder(ctx.db, ctx.user, input)),
  transition: protectedProcedure.input(transitionWorkOrderInput).mutation(({ ctx, input }) => transitionWorkOrder(ctx.db, ctx.user, input)),
  importDryRun: permittedProcedure("planWorkOrders")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => dryRunWorkOrderImport(ctx.db, ctx.user, decodeImportFiles(input), ctx.onProgress)),
  importCommit: permittedProcedure("planWorkOrders")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => commitWorkOrderImport(ctx.db, ctx.user, decodeImportFiles(input), ctx.onProgress)),
});
