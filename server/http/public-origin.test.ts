import { describe, expect, it } from "vitest";

import { env } from "@/server/env";
import { ValidationError } from "@/server/errors";

import { publicOrigin } from "./public-origin";

const at = (headers: Record<string, string>) => publicOrigin({ headers: new Headers(headers) });

describe("publicOrigin without AUTH_TRUST_HOST", () => {
  it("is the Host header's origin over HTTP, whatever X-Forwarded-* claim", () => {
    expect(env().AUTH_TRUST_HOST).toBe(false);
    expect(at({ host: "127.0.0.1:3000" })).toBe("http://127.0.0.1:3000");
    expect(at({ host: "portal.plant.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" })).toBe("http://portal.plant.example");
  });

  it("refuses a missing or unusable Host header", () => {
    expect(() => at({})).toThrow(ValidationError);
    expect(() => at({ host: "bad host/x" })).toThrow(ValidationError);
  });
});
