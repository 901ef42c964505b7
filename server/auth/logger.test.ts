import { format } from "node:util";

import { Auth, skipCSRFCheck } from "@auth/core";
import { CredentialsSignin } from "@auth/core/errors";
import Credentials from "@auth/core/providers/credentials";
import { describe, expect, it } from "vitest";

import { createAuthLogger } from "./logger";

/** What Auth.js's logger prints for one password sign-in whose authorize() throws `error`, one entry per line. */
async function logOfSignIn(error: Error) {
  const lines: string[] = [];
  // As console.error would print it.
  const logger = createAuthLogger((...args) => lines.push(...format(...args).split("\n")));
  const response = await Auth(
    new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "quinn@plant.example", password: "wrong" }),
    }),
    {
      secret: "a-test-secret-of-thirty-two-characters",
      trustHost: true,
      basePath: "/api/auth",
      skipCSRFCheck,
      logger,
      providers: [Credentials({ credentials: { email: {}, password: {} }, authorize: () => Promise.reject(error) })],
    },
  );
  return { lines, location: response.headers.get("location") };
}

describe("the Auth.js logger", () => {
  it("logs a refused password sign-in on one line, without a stack", async () => {
    class InvalidCredentials extends CredentialsSignin {
      code = "invalid";
    }
    const { lines, location } = await logOfSignIn(new InvalidCredentials());
    expect(location).toContain("error=CredentialsSignin");
    expect(lines).toEqual(["[auth] password sign-in refused (invalid)"]);
  });

  it("still logs any other error with its stack", async () => {
    const { lines } = await logOfSignIn(new Error("database unreachable"));
    expect(lines[0]).toMatch(/^\[auth\]\[error\] CallbackRouteError/);
    expect(lines.join("\n")).toContain("database unreachable");
    expect(lines.some((l) => /^\s+at /.test(l))).toBe(true);
  });
});
