import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthPanel } from "@/components/account/auth-panel";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { auth } from "@/server/auth";
import { roleLabels } from "@/server/auth/roles";
import { isSetupPending } from "@/server/auth/setup";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { demoPassword, userDefs } from "@/db/seed/factory";
import { portalPath } from "@/server/http/portal-path";

import { signInWithSsoAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/**
 * Auth.js sends failed single sign-ons here with its error type (pages.error);
 * SsoUnavailable is ours, from signInWithSsoAction.
 */
function ssoMessage(error: string | undefined, providerName: string) {
  if (!error) return null;
  if (error === "AccessDenied") {
    return `Single sign-on did not sign you in: your ${providerName} account is not linked to a Threadline user or its e-mail address is not verified. Ask an administrator, or sign in with your password.`;
  }
  // Auth.js reports any server-side failure (the provider unreachable included) as Configuration.
  if (error === "Configuration" || error === "SsoUnavailable") {
    return `Single sign-on is unavailable right now. Sign in with your e-mail address and password, or try ${providerName} again later.`;
  }
  return `Single sign-on did not complete. Try ${providerName} again, or sign in with your password.`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string }> }) {
  const { callbackUrl: requested, error } = await searchParams;
  const callbackUrl = portalPath(requested);
  if (await auth()) redirect(callbackUrl);
  // A portal without users asks for its first administrator first (every page without a session ends up here).
  if (await isSetupPending(getDb())) redirect("/setup");
  const { AUTH_OIDC_ISSUER, AUTH_OIDC_NAME, THREADLINE_DEMO } = env();
  const ssoError = ssoMessage(error, AUTH_OIDC_NAME);

  return (
    <AuthPanel title="Sign in" description="Lines, traceability, changes and KPIs of the plant.">
      {ssoError && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {ssoError}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} />
      {AUTH_OIDC_ISSUER && (
        <form action={signInWithSsoAction}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Button type="submit" variant="secondary" className="w-full">
            Sign in with {AUTH_OIDC_NAME}
          </Button>
        </form>
      )}
      {THREADLINE_DEMO === "1" && (
        <details className="rounded-md bg-slate-50 p-3 text-xs text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">Demo accounts (password {demoPassword})</summary>
          <Table caption="Demo accounts" className="mt-2" tableClassName="text-xs">
            <TableBody className="divide-y-0">
              {userDefs.map((u) => (
                <TableRow key={u.email}>
                  <TableCell className="px-0 py-0.5 font-mono">{u.email}</TableCell>
                  <TableCell align="right" className="px-0 py-0.5">
                    {roleLabels[u.role]}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </details>
      )}
    </AuthPanel>
  );
}
