import { headers } from "next/headers";

import { handleApiRequest } from "@/server/api-rest/handler";
import { clientAddress } from "@/server/auth/client-address";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { getRealtimeHub } from "@/server/realtime/hub-instance";

/** The REST API for ERP and MES (docs/api.md): bearer tokens only, never the session cookie. */
async function handler(request: Request) {
  const settings = env();
  return handleApiRequest(request, {
    db: getDb(),
    rateLimitPerMinute: settings.API_RATE_LIMIT_PER_MINUTE,
    maxBodyBytes: settings.API_MAX_BODY_BYTES,
    clientAddress: clientAddress(await headers(), settings.TRUSTED_PROXY_HOPS),
    realtime: getRealtimeHub(),
  });
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
