"use server";

import { headers } from "next/headers";

import { signIn } from "@/server/auth";
import { clientAddress } from "@/server/auth/client-address";
import { lockedMessage, passwordLimits } from "@/server/auth/password-attempts";
import { completeSetup } from "@/server/auth/setup";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { ValidationError } from "@/server/errors";

export interface SetupState {
  error?: string;
  /** What was typed, so that a refusal does not empty the form (never the password). */
  values?: { code: string; name: string; email: string };
}

/** /setup: creates the first administrator (server/auth/setup.ts) and signs them in. */
export async function completeSetupAction(_: SetupState, formData: FormData): Promise<SetupState> {
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const values = { code: field("code"), name: field("name"), email: field("email") };
  const password = field("password");
  if (password !== field("repeat")) return { values, error: "The two passwords differ." };

  const ip = clientAddress(await headers(), env().TRUSTED_PROXY_HOPS);
  let result;
  try {
    result = await completeSetup(getDb(), { ...values, password }, { ip, limits: passwordLimits() });
  } catch (error) {
    if (error instanceof ValidationError) return { values, error: error.message };
    throw error;
  }
  if (result.kind === "done") return { error: "Threadline already has an administrator. Sign in instead." };
  if (result.kind === "locked") return { values, error: lockedMessage(result).replace("wrong passwords", "wrong setup codes") };
  if (result.kind === "invalid") return { values, error: "Wrong setup code. Copy it from the line the web server printed when it started; a restart prints a new one." };
  // Success ends in a redirect, which Next.js implements by throwing.
  await signIn("credentials", { email: result.user.email, password, redirectTo: "/lines" });
  return {};
}
