import { env } from "@/server/env";

const firstValue = (header: string | null) => header?.split(",")[0]?.trim() || null;

/**
 * The origin the browser sees the portal at: the request's own scheme and Host
 * header; X-Forwarded-Host and X-Forwarded-Proto only when AUTH_TRUST_HOST=true
 * says a reverse proxy in front sets them (anyone can send them otherwise).
 */
export function publicOrigin(request: Request, trustProxy = env().AUTH_TRUST_HOST): string {
  const url = new URL(request.url);
  const forwardedHost = trustProxy ? firstValue(request.headers.get("x-forwarded-host")) : null;
  const forwardedProto = trustProxy ? firstValue(request.headers.get("x-forwarded-proto")) : null;
  const host = forwardedHost ?? request.headers.get("host") ?? url.host;
  const protocol = forwardedProto ? `${forwardedProto.replace(/:$/, "")}:` : url.protocol;
  return new URL(`${protocol}//${host}`).origin;
}
