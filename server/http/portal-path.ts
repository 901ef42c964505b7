const PORTAL = "http://portal.invalid";

/**
 * The portal path a callbackUrl or redirect target names, or `fallback` when it
 * names anything else. The value is parsed the way a browser parses it
 * ("\" as "/", tabs and newlines dropped), so "/\evil.example" and "/\t/evil.example"
 * are seen as the other host they are; the result is what was checked.
 */
export function portalPath(value: unknown, fallback = "/lines"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  const url = new URL(value, PORTAL);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to a path that a browser would read as another host.
  return url.origin === PORTAL && !path.startsWith("//") ? path : fallback;
}

/** next-auth's redirect callback: a URL on the portal's own origin, else the portal's start page. */
export function portalRedirect(url: string, baseUrl: string): string {
  const target = new URL(url, baseUrl);
  const path = target.origin === new URL(baseUrl).origin ? portalPath(`${target.pathname}${target.search}${target.hash}`) : "/lines";
  return new URL(path, baseUrl).href;
}
