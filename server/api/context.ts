import { auth } from "@/server/auth";
import { loadSessionUser } from "@/server/auth/sign-in";
import { getDb } from "@/server/db";
import { getRealtimeHub } from "@/server/realtime/hub-instance";

import type { Context } from "./trpc";

/** The HTTP/RSC context: the signed-in user as the database knows them now. */
export async function createRequestContext(): Promise<Context> {
  const db = getDb();
  const session = await auth();
  const id = Number(session?.user?.id);
  return { db, user: Number.isInteger(id) && id > 0 ? await loadSessionUser(db, id) : null, realtime: getRealtimeHub() };
}
