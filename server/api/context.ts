import { headers } from "next/headers";

import { clientAddress } from "@/server/auth/client-address";
import { currentSessionUser } from "@/server/auth/session-user";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { getRealtimeHub } from "@/server/realtime/hub-instance";

import type { Context } from "./trpc";

/** The HTTP/RSC context: the signed-in user as the database knows them now. */
export async function createRequestContext(): Promise<Context> {
  const user = await currentSessionUser();
  return { db: getDb(), user, realtime: getRealtimeHub(), clientAddress: clientAddress(await headers(), env().TRUSTED_PROXY_HOPS) };
}
