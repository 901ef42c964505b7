"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";

import { LockedOut, signIn, startSsoSignIn } from "@/server/auth";
import { portalPath } from "@/server/http/portal-path";

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signInWithPasswordAction(_: SignInState, formData: FormData): Promise<SignInState> {
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const email = field("email").trim();
  const password = field("password");
  if (!email || !password) return { email, error: "Enter your e-mail address and password." };
  try {
    await signIn("credentials", { email, password, redirectTo: portalPath(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof LockedOut) return { email, error: error.detail };
    if (error instanceof CredentialsSignin) return { email, error: "Wrong e-mail address or password." };
    if (error instanceof AuthError) return { email, error: "Sign-in failed. Try again, or ask an administrator." };
    // Success ends in a redirect, which Next.js implements by throwing.
    throw error;
  }
}

export async function signInWithSsoAction(formData: FormData) {
  const callbackUrl = portalPath(formData.get("callbackUrl"));
  // Provider unreachable: the sign-in page says so and offers the password sign-in.
  redirect((await startSsoSignIn(callbackUrl)) ?? `/sign-in?${new URLSearchParams({ error: "SsoUnavailable", callbackUrl })}`);
}
