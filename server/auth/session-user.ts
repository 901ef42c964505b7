import { cookies } from "next/headers";

import { getDb } from "@/server/db";

import { auth } from "./index";
import type { SessionUser } from "./roles";
import { loadSessionUser } from "./sign-in";

/**
 * How long a session token's user is reused without asking next-auth and the
 * users table again. Decoding the JWE and looking the user up cost more than
 * the rest of a small API call; a role change or a deactivated user takes
 * effect within this time.
 */
const REUSE_MS = 5_000;
const MAX_ENTRIES = 5_000;
const recent = new Map<string, { user: Promise<SessionUser | null>; expires: number }>();

/** The signed-in user as the database knows them now (give or take REUSE_MS), or null. */
export async function currentSessionUser(): Promise<SessionUser | null> {
  // The session cookie may be split into chunks (authjs.session-token.0, .1, …).
  const token = (await cookies())
    .getAll()
    .filter((c) => c.name.includes("authjs.session-token"))
    .map((c) => c.value)
    .join("");
  if (!token) return lookUp();
  const now = Date.now();
  const hit = recent.get(token);
  if (hit && hit.expires > now) return hit.user;

  if (recent.size >= MAX_ENTRIES) {
    for (const [key, entry] of recent) if (entry.expires <= now) recent.delete(key);
    if (recent.size >= MAX_ENTRIES) recent.clear();
  }
  // The promise is shared: requests arriving while the lookup runs wait for it instead of each starting their own.
  const user = lookUp();
  const entry = { user, expires: now + REUSE_MS };
  recent.set(token, entry);
  const forget = () => recent.get(token) === entry && recent.delete(token);
  // Someone who must still choose a password is looked up afresh, so the change takes effect on the next page.
  user.then((u) => u?.mustChangePassword && forget(), forget);
  return user;
}

async function lookUp() {
  const session = await auth();
  const id = Number(session?.user?.id);
  return Number.isInteger(id) && id > 0 ? loadSessionUser(getDb(), id) : null;
}
