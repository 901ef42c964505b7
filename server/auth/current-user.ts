import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";

import { can, type Permission, type SessionUser } from "./roles";
import { currentSessionUser } from "./session-user";

/** The signed-in user for a server component, or a redirect to sign-in. */
export const requireUser = cache(async (): Promise<SessionUser> => {
  const user = await currentSessionUser();
  if (!user) redirect("/sign-in");
  return user;
});

/** Pages for one role group: others see a plain "not allowed" page instead of a broken one. */
export async function requirePermission(permission: Permission) {
  const user = await requireUser();
  return { user, isAllowed: can(user.role, permission) };
}
