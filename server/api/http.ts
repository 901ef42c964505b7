import { appRouter } from "./root";
import { TRPC_MAX_BATCH_SIZE } from "./limits";

/** How app/api/trpc serves the router over HTTP (tests use the same options). */
export const trpcHandlerOptions = { endpoint: "/api/trpc", router: appRouter, maxBatchSize: TRPC_MAX_BATCH_SIZE };
