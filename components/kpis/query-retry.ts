import { TRPCClientError } from "@trpc/client";

const final = new Set(["BAD_REQUEST", "NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED"]);

/** A rejected filter will be rejected again: show its message at once instead of retrying. */
export function retryUnlessRejected(failureCount: number, error: unknown) {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code && final.has(code)) return false;
  }
  return failureCount < 3;
}
