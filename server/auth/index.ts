import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { users } from "@/db/schema";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { portalRedirect } from "@/server/http/portal-path";

import { clientAddress } from "./client-address";
import { lockedMessage, passwordLimits } from "./password-attempts";
import type { Role } from "./roles";
import { signInWithPassword } from "./sign-in";

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
  // Single sign-on (e.g. Microsoft Entra ID) only for people who already have a Threadline user.
  if (AUTH_OIDC_ISSUER && AUTH_OIDC_CLIENT_ID && AUTH_OIDC_CLIENT_SECRET) {
    list.push({ id: "oidc", name: AUTH_OIDC_NAME, type: "oidc", issuer: AUTH_OIDC_ISSUER, clientId: AUTH_OIDC_CLIENT_ID, clientSecret: AUTH_OIDC_CLIENT_SECRET });
  }
  return list;
}

async function userByEmail(email: string) {
  const [user] = await getDb()
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), eq(users.isActive, true)))
    .limit(1);
  return user;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  // Rolling sessions: a wall-mounted andon board stays signed in while it keeps polling.
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600, updateAge: 3600 },
  pages: { signIn: "/sign-in" },
  providers: providers(),
  callbacks: {
    // Only the portal's own paths, also for next-auth's endpoints (docs/security.md).
    redirect: ({ url, baseUrl }) => portalRedirect(url, baseUrl),
    async signIn({ account, user }) {
      if (account?.provider !== "oidc") return true;
      return Boolean(user.email && (await userByEmail(user.email)));
    },
    async jwt({ token, user, account }) {
      if (account?.provider === "oidc" && user?.email) {
        const known = await userByEmail(user.email);
        if (known) Object.assign(token, { uid: known.id, role: known.role, name: known.name });
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
}));
