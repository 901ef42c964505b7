import { NextRequest } from "next/server";

import { handlers } from "@/server/auth";
import { ValidationError } from "@/server/errors";
import { publicOrigin } from "@/server/http/public-origin";

/**
 * Next.js gives a route handler http://localhost:PORT as its URL whatever
 * address the browser used; Auth.js builds the SSO redirect_uri from it, so
 * it gets the request again at its public origin (the one the sign-in used).
 */
function atPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    try {
      const { pathname, search } = request.nextUrl;
      return handler(new NextRequest(new URL(`${pathname}${search}`, publicOrigin(request)), request));
    } catch (error) {
      if (error instanceof ValidationError) return new Response(error.message, { status: 400 });
      throw error;
    }
  };
}

export const GET = atPublicOrigin(handlers.GET);
export const POST = atPublicOrigin(handlers.POST);
