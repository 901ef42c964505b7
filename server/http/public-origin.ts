import { env } from "@/server/env";
import { ValidationError } from "@/server/errors";

function firstValue(header: string | null) {
  return header?.split(",")[0]?.trim() || null;
}

/**
 * The origin the browser used for this request, e.g. `http://127.0.0.1:3000`.
 * Next.js builds a route handler's `request.url` from the address the server
 * was started on (http://localhost:PORT), not from the Host header, and
 * NextRequest turns 127.0.0.1 and [::1] into localhost, so it cannot be used
 * for links the browser or an identity provider must follow, nor for the
 * same-origin check. X-Forwarded-Host/-Proto count only with
 * AUTH_TRUST_HOST=true (a reverse proxy sets them; anyone can send them
 * otherwise); else the Host header, with the request URL's scheme where there
 * is one (plain HTTP is all `next start` serves).
 */
export function publicOrigin(request: { headers: Headers; url?: string }, isBehindProxy = env().AUTH_TRUST_HOST): string {
  const { headers } = request;
  const host = (isBehindProxy && firstValue(headers.get("x-forwarded-host"))) || headers.get("host");
  const ownScheme = request.url && URL.canParse(request.url) ? new URL(request.url).protocol.slice(0, -1) : "http";
  const protocol = (isBehindProxy && firstValue(headers.get("x-forwarded-proto"))) || ownScheme;
  if (!host || !["http", "https"].includes(protocol) || !URL.canParse(`${protocol}://${host}`)) {
    throw new ValidationError(`The request's host (${host ?? "none"}) or protocol (${protocol}) is not usable.`);
  }
  return new URL(`${protocol}://${host}`).origin;
}
