/** Calls one batched tRPC request may carry; the browser client splits larger batches (docs/security.md). */
export const TRPC_MAX_BATCH_SIZE = 20;
