import { Auth, raw, skipCSRFCheck } from "@auth/core";
import type { ResponseInternal } from "@auth/core/types";
import NextAuth, { AuthError, CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { z } from "zod";

import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { portalRedirect } from "@/server/http/portal-path";
import { publicOrigin } from "@/server/http/public-origin";

import { clientAddress } from "./client-address";
import { createAuthLogger } from "./logger";
import { lockedMessage, passwordLimits } from "./password-attempts";
import type { Role } from "./roles";
import { signInWithPassword } from "./sign-in";
import { signInWithSso, ssoClaims, userBySsoIdentity, type RoleMapping } from "./sso";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
/** Carries the wording for the sign-in page: what is locked and for how long. */
export class LockedOut extends CredentialsSignin {
  code = "locked";
  constructor(readonly detail: string) {
    super(detail);
  }
}

const credentialsInput = z.object({ email: z.string().trim().email(), password: z.string().min(1) });

function providers(): NextAuthConfig["providers"] {
  const { AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET, AUTH_OIDC_NAME, TRUSTED_PROXY_HOPS } = env();
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = credentialsInput.safeParse(credentials);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await signInWithPassword(getDb(), { ...parsed.data, ip: clientAddress(request.headers, TRUSTED_PROXY_HOPS) }, passwordLimits());
        if (result.kind === "locked") throw new LockedOut(lockedMessage(result));
        if (result.kind === "invalid") throw new InvalidCredentials();
        return { id: String(result.user.id), name: result.user.name, email: result.user.email, role: result.user.role };
      },
    }),
  ];
  // Single sign-on (e.g. Microsoft Entra ID) only for people who already have a Threadline user: docs/sso.md.
  if (AUTH_OIDC_ISSUER && AUTH_OIDC_CLIENT_ID && AUTH_OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: AUTH_OIDC_NAME,
      type: "oidc",
      issuer: AUTH_OIDC_ISSUER,
      clientId: AUTH_OIDC_CLIENT_ID,
      clientSecret: AUTH_OIDC_CLIENT_SECRET,
      // Also ask the userinfo endpoint: some providers send the e-mail address only there.
      idToken: false,
    });
  }
  return list;
}

function ssoClaimsOf(account: { id_token?: string } | null | undefined, profile: Record<string, unknown> | undefined) {
  if (!account?.id_token || !profile) throw new Error("The identity provider sent no ID token");
  return ssoClaims(account.id_token, profile, env().AUTH_OIDC_ROLE_CLAIM);
}

/** AUTH_OIDC_ROLE_CLAIM and AUTH_OIDC_ROLE_MAP (docs/sso.md, "Roles from the provider"). */
function roleMapping(): RoleMapping | undefined {
  const { AUTH_OIDC_ROLE_CLAIM, AUTH_OIDC_ROLE_MAP } = env();
  return AUTH_OIDC_ROLE_MAP ? { claim: AUTH_OIDC_ROLE_CLAIM, roles: AUTH_OIDC_ROLE_MAP } : undefined;
}

const config = (): NextAuthConfig => ({
  secret: env().AUTH_SECRET,
  // The request's origin is already the public one (publicOrigin, handleAuthRequest).
  trustHost: true,
  basePath: "/api/auth",
  // Rolling sessions: a wall-mounted andon board stays signed in while it keeps polling.
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600, updateAge: 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: createAuthLogger(),
  providers: providers(),
  callbacks: {
    // Only the portal's own paths, also for next-auth's endpoints (docs/security.md).
    redirect: ({ url, baseUrl }) => portalRedirect(url, baseUrl),
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const result = await signInWithSso(getDb(), ssoClaimsOf(account, profile), roleMapping());
      return result.kind === "ok";
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc") {
        // The signIn callback has just linked this identity to the user.
        const known = await userBySsoIdentity(getDb(), ssoClaimsOf(account, profile));
        if (!known) return null;
        Object.assign(token, { uid: known.id, role: known.role, name: known.name, email: known.email });
      } else if (user) {
        Object.assign(token, { uid: Number(user.id), role: (user as { role: Role }).role });
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      (session.user as { role?: Role }).role = token.role as Role;
      return session;
    },
  },
});

export const { auth, signIn, signOut } = NextAuth(config);

/**
 * The auth route (GET and POST). Auth.js builds the SSO redirect_uri from the
 * request's URL, but Next.js gives a route handler http://localhost:PORT (the
 * address `next start` was given; NextRequest also turns 127.0.0.1 and [::1]
 * into localhost), so Auth.js gets a plain Request at the public origin, the
 * one the sign-in used. Throws ValidationError for an unusable Host header.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const { pathname, search } = new URL(request.url);
  const url = new URL(`${pathname}${search}`, publicOrigin(request));
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return Auth(new Request(url, { method: request.method, headers: request.headers, body }), config());
}

/**
 * Starts single sign-on from a server action: the provider's authorization
 * URL, or null when the provider cannot be reached or answers nonsense
 * (Auth.js has logged why). next-auth's signIn() would take the origin for
 * the redirect_uri from X-Forwarded-Host whatever AUTH_TRUST_HOST says, and
 * the callback would then come back with another; this uses publicOrigin()
 * as the callback route does.
 */
export async function startSsoSignIn(redirectTo: string): Promise<string | null> {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set("content-type", "application/x-www-form-urlencoded");
  const request = new Request(`${publicOrigin({ headers: requestHeaders })}/api/auth/signin/oidc`, {
    method: "POST",
    headers: requestHeaders,
    body: new URLSearchParams({ callbackUrl: redirectTo }),
  });
  try {
    // Raw mode answers errors other than AuthError with a redirect Response to the error page.
    const response: ResponseInternal | Response = await Auth(request, { ...config(), raw, skipCSRFCheck });
    if (response instanceof Response || !response.redirect) return null;
    const jar = await cookies();
    for (const cookie of response.cookies ?? []) jar.set(cookie.name, cookie.value, cookie.options);
    return response.redirect;
  } catch (error) {
    if (error instanceof AuthError) return null;
    throw error;
  }
}
