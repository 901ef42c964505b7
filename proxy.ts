import { NextResponse, type NextRequest } from "next/server";

import { publicOrigin } from "@/server/http/public-origin";
import { crossOriginRefusal } from "@/server/http/same-origin";
import { contentSecurityPolicy, securityHeaders } from "@/server/http/security-headers";

/**
 * In front of every request: refuses state-changing requests from other origins
 * and gives each response its security headers, with a fresh CSP nonce that
 * Next.js reads from the request's Content-Security-Policy header (docs/security.md).
 */
export function proxy(request: NextRequest) {
  let origin: string;
  try {
    origin = publicOrigin(request);
  } catch (error) {
    return new NextResponse((error as Error).message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const isHttps = origin.startsWith("https:");
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, isHttps);

  const refusal = crossOriginRefusal(request, origin);
  const response = refusal
    ? new NextResponse(refusal, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } })
    : NextResponse.next({ request: { headers: new Headers([...request.headers, ["content-security-policy", csp]]) } });
  for (const [name, value] of Object.entries(securityHeaders(csp, isHttps))) response.headers.set(name, value);
  return response;
}
