import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";

import { getDb } from "@/server/db";

import { auth } from "./index";
import { can, type Permission, type SessionUser } from "./roles";
import { loadSessionUser } from "./sign-in";

/** The signed-in user for a server component, or a redirect to sign-in. */
export const requireUser = cache(async (): Promise<SessionUser> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  const user = Number.isInteger(id) && id > 0 ? await loadSessionUser(getDb(), id) : null;
  if (!user) redirect("/sign-in");
  return user;
});

/** Pages for one role group: others see a plain "not allowed" page instead of a broken one. */
export async function requirePermission(permission: Permission) {
  const user = await requireUser();
  return { user, isAllowed: can(user.role, permission) };
}
