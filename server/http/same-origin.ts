const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a state-changing request must be refused, or null when it may go on.
 * A browser names the page that sent a request in Origin (every current browser
 * on every POST) or at least in Sec-Fetch-Site; either must say "this portal".
 * A request with neither comes from a program, not from a page in a browser, so
 * it cannot be riding on a victim's cookies and is let through (docs/security.md).
 * So is a request that carries an API token (Authorization: Bearer) and no
 * cookie at all: it authenticates by what it sends, not by what the browser
 * adds, and a page cannot set that header on another origin without CORS,
 * which the portal does not grant.
 */
export function crossOriginRefusal(request: Request, portalOrigin: string): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (/^Bearer\s/i.test(request.headers.get("authorization") ?? "") && !request.headers.has("cookie")) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    return origin === portalOrigin ? null : `Refused: this request came from ${origin}, not from ${portalOrigin}. Changes are accepted only from the portal's own pages.`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return null;
  return `Refused: this request came from another ${site === "same-site" ? "site's page on this host" : "site"} (Sec-Fetch-Site: ${site}). Changes are accepted only from the portal's own pages.`;
}
