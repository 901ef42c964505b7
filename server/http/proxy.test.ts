import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { proxy } from "@/proxy";

import { publicOrigin } from "./public-origin";

const request = (url: string, init: { method?: string; headers?: Record<string, string> } = {}) => new NextRequest(url, init);

describe("publicOrigin", () => {
  it("is the request's scheme and Host header", () => {
    expect(publicOrigin(request("http://localhost:3000/lines", { headers: { host: "portal.plant:8080" } }), false)).toBe("http://portal.plant:8080");
  });

  it("reads X-Forwarded-Host and -Proto only when a reverse proxy is trusted to set them", () => {
    const forwarded = request("http://10.0.0.5:3000/lines", { headers: { host: "10.0.0.5:3000", "x-forwarded-host": "portal.example.com, inner", "x-forwarded-proto": "https" } });
    expect(publicOrigin(forwarded, false)).toBe("http://10.0.0.5:3000");
    expect(publicOrigin(forwarded, true)).toBe("https://portal.example.com");
  });
});

describe("proxy", () => {
  const post = (headers: Record<string, string>) => proxy(request("http://localhost:3000/api/trpc/changes.createEcr", { method: "POST", headers: { host: "localhost:3000", ...headers } }));

  it("refuses a state-changing request from another origin, another port included, with 403 and a reason", async () => {
    for (const origin of ["http://evil.example", "http://localhost:3001", "https://localhost:3000", "null"]) {
      const response = post({ origin });
      expect(response.status, origin).toBe(403);
      expect(await response.text()).toContain(`came from ${origin}, not from http://localhost:3000`);
    }
    for (const site of ["same-site", "cross-site"]) expect(post({ "sec-fetch-site": site }).status, site).toBe(403);
  });

  it("lets through the portal's own pages, programs that send neither header, and reads", () => {
    for (const headers of <Record<string, string>[]>[{ origin: "http://localhost:3000" }, { "sec-fetch-site": "same-origin" }, {}]) expect(post(headers).status, JSON.stringify(headers)).toBe(200);
    expect(proxy(request("http://localhost:3000/lines", { headers: { host: "localhost:3000", origin: "http://evil.example" } })).status).toBe(200);
  });

  it("lets a cross-origin change through only with a bearer token and no cookie (docs/security.md)", () => {
    const api = (headers: Record<string, string>) => proxy(request("http://localhost:3000/api/v1/work-orders", { method: "POST", headers: { host: "localhost:3000", origin: "http://erp.example", ...headers } })).status;
    expect(api({ authorization: "Bearer tl_abc" })).toBe(200);
    expect(api({ authorization: "Bearer tl_abc", cookie: "authjs.session-token=x" })).toBe(403);
    expect(api({ cookie: "authjs.session-token=x" })).toBe(403);
    expect(api({ authorization: "Basic dXNlcjpwdw==" })).toBe(403);
    expect(post({ origin: "http://evil.example", cookie: "authjs.session-token=x" }).status).toBe(403);
  });

  it("puts the security headers on every answer, refusals included, and HSTS only over https", () => {
    for (const response of [post({}), post({ origin: "http://evil.example" })]) {
      expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    const https = proxy(request("https://portal.example.com/lines", { headers: { host: "portal.example.com" } }));
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(https.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("hands Next.js the response's CSP on the request, so its scripts get the same nonce", () => {
    const response = proxy(request("http://localhost:3000/lines", { headers: { host: "localhost:3000" } }));
    // NextResponse.next() passes overridden request headers on as x-middleware-request-<name>.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(response.headers.get("content-security-policy"));
  });
});
