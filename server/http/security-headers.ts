import { env } from "@/server/env";

/**
 * The Content-Security-Policy of one response. Scripts run only with this
 * request's nonce (Next.js puts it on its own scripts) or when loaded by one;
 * style attributes stay allowed because charts (recharts) and layout widths set them.
 */
export function contentSecurityPolicy(nonce: string, isHttps: boolean) {
  const { NODE_ENV, AUTH_OIDC_ISSUER } = env();
  // Without JavaScript the SSO form posts and is redirected to the provider; form-action governs that redirect too.
  const formTargets = ["'self'", ...(AUTH_OIDC_ISSUER ? [new URL(AUTH_OIDC_ISSUER).origin] : [])];
  const directives = [
    "default-src 'self'",
    // React reconstructs server error stacks with eval in development only.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formTargets.join(" ")}`,
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers every response carries (docs/security.md). */
export function securityHeaders(contentSecurityPolicy: string, isHttps: boolean): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    // The traceability scan button reads barcodes with the camera; nothing else needs a device.
    "permissions-policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=()",
    "cross-origin-opener-policy": "same-origin",
    ...(isHttps ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
