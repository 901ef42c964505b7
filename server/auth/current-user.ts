import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";

import { can, type Permission, type SessionUser } from "./roles";
import { currentSessionUser } from "./session-user";

/** The signed-in user, or a redirect to sign-in; for the page where they choose a new password. */
export const requireSignedIn = cache(async (): Promise<SessionUser> => {
  const user = await currentSessionUser();
  if (!user) redirect("/sign-in");
  return user;
});

/** The signed-in user for a portal page; one whose password an administrator set chooses their own first. */
export const requireUser = cache(async (): Promise<SessionUser> => {
  const user = await requireSignedIn();
  if (user.mustChangePassword) redirect("/account/password");
  return user;
});

/** Pages for one role group: others see a plain "not allowed" page instead of a broken one. */
export async function requirePermission(permission: Permission) {
  const user = await requireUser();
  return { user, isAllowed: can(user.role, permission) };
}
