import { CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";

/**
 * Auth.js's error logger, minus the noise: a refused password sign-in is an everyday event (and
 * already recorded in sign_in_failures), so it gets one line without a stack; every other error
 * is logged in full, with its stack and cause. Warnings keep Auth.js's own logger.
 */
export function createAuthLogger(write: (...args: unknown[]) => void = console.error): NonNullable<NextAuthConfig["logger"]> {
  return {
    error(error) {
      if (error instanceof CredentialsSignin) write(`[auth] password sign-in refused (${error.code})`);
      else write("[auth][error]", error);
    },
  };
}
