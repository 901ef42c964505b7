import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { adminRouter } from "./routers/admin";
import { changesRouter } from "./routers/changes";
import { equipmentRouter } from "./routers/equipment";
import { kpisRouter } from "./routers/kpis";
import { linesRouter } from "./routers/lines";
import { masterDataRouter } from "./routers/master-data";
import { notificationsRouter } from "./routers/notifications";
import { sessionRouter } from "./routers/session";
import { traceabilityRouter } from "./routers/traceability";
import { webhooksRouter } from "./routers/webhooks";
import { workOrdersRouter } from "./routers/work-orders";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  lines: linesRouter,
  traceability: traceabilityRouter,
  changes: changesRouter,
  kpis: kpisRouter,
  workOrders: workOrdersRouter,
  masterData: masterDataRouter,
  admin: adminRouter,
  equipment: equipmentRouter,
  notifications: notificationsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
