import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";

import { makeQueryClient } from "@/components/trpc/query-client";

import { createRequestContext } from "./context";
import { appRouter, createCaller } from "./root";

/** One query client and one context per request. */
export const getQueryClient = cache(makeQueryClient);
const getContext = cache(createRequestContext);

export const trpc = createTRPCOptionsProxy({ ctx: getContext, router: appRouter, queryClient: getQueryClient });

/** Direct calls from server components, for data that is not handed to client components. */
export const caller = cache(async () => createCaller(await getContext()));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
