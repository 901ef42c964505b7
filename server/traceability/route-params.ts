import { TRPCError } from "@trpc/server";

import { NotFoundError } from "@/server/errors";

/** A path segment as typed: decoded once, tolerating a stray "%". */
export function routeParam(segment: string) {
  try {
    return decodeURIComponent(segment).trim();
  } catch {
    return segment.trim();
  }
}

export function isNotFound(error: unknown) {
  return error instanceof NotFoundError || (error instanceof TRPCError && error.code === "NOT_FOUND");
}
