import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

import { NotFoundError } from "@/server/errors";

/** A record page for a number that does not exist is a 404, not an error page. */
export async function loadOrNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error instanceof TRPCError && error.code === "NOT_FOUND") || error instanceof NotFoundError) notFound();
    throw error;
  }
}
