import { z } from "zod";

import { commitWorkOrderImport, dryRunWorkOrderImport } from "@/server/work-orders/import";
import { createWorkOrder, createWorkOrderInput, listWorkOrderChoices, listWorkOrders, listWorkOrdersInput, transitionWorkOrder, transitionWorkOrderInput } from "@/server/work-orders/work-orders";
import { workOrderStatuses } from "@/server/work-orders/transitions";

import { decodeImportFiles, importFilesInput } from "../import-files";
import { responseOf } from "../openapi-meta";
import { createTRPCRouter, permittedProcedure, protectedProcedure } from "../trpc";

const tags = ["Work orders"];
const createdOrder = z.object({ id: z.number().int(), number: z.string(), status: z.enum(workOrderStatuses), revision: z.string() });

/** Everyone reads work orders; planners create and import them; who may change a status depends on the action (docs/work-orders.md). */
export const workOrdersRouter = createTRPCRouter({
  choices: protectedProcedure.query(({ ctx }) => listWorkOrderChoices(ctx.db)),
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/work-orders", tags, summary: "Work orders, newest first, by status and line; pass nextCursor as cursor for the next page" }, scope: "work-orders:read" })
    .input(listWorkOrdersInput)
    .output(responseOf<Awaited<ReturnType<typeof listWorkOrders>>>("{ items: work orders with part, revision, line and unit counts; nextCursor: the cursor of the next page, or null on the last }"))
    .query(({ ctx, input }) => listWorkOrders(ctx.db, input)),
  create: permittedProcedure("planWorkOrders")
    .meta({ openapi: { method: "POST", path: "/work-orders", tags, summary: "Create a work order for the part's released revision (planner)", successDescription: "The order as created" }, scope: "work-orders:write" })
    .input(createWorkOrderInput)
    .output(createdOrder)
    .mutation(({ ctx, input }) => createWorkOrder(ctx.db, ctx.user, input)),
  transition: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/work-orders/{number}/transition", tags, summary: "Release, hold, resume, close or cancel a work order (docs/work-orders.md says who may)" }, scope: "work-orders:write" })
    .input(transitionWorkOrderInput)
    .output(responseOf<Awaited<ReturnType<typeof transitionWorkOrder>>>("The order's number and new status"))
    .mutation(({ ctx, input }) => transitionWorkOrder(ctx.db, ctx.user, input)),
  importDryRun: permittedProcedure("planWorkOrders")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => dryRunWorkOrderImport(ctx.db, ctx.user, decodeImportFiles(input), ctx.onProgress)),
  importCommit: permittedProcedure("planWorkOrders")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => commitWorkOrderImport(ctx.db, ctx.user, decodeImportFiles(input), ctx.onProgress)),
});
