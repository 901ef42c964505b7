import type { Role } from "@/db/schema";

export { roles, type Role } from "@/db/schema";

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  /** An administrator set the password: until the user chooses their own, they may do nothing else. */
  mustChangePassword?: boolean;
}

export const roleLabels: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  supervisor: "Supervisor",
  planner: "Planner",
  quality: "Quality",
  engineer: "Engineer",
  manager: "Manager",
  admin: "Administrator",
};

/** What each role may do beyond reading dashboards, KPIs and SPC (docs/roles.md). Admin may do everything. */
export const permissions = {
  acknowledgeAlarms: ["operator", "supervisor"],
  recordDowntime: ["supervisor"],
  /** Hold and resume work orders; acknowledge line notices of released changes. */
  changeWorkOrders: ["supervisor", "planner"],
  /** Create, import, release, close and cancel work orders. */
  planWorkOrders: ["planner"],
  traceability: ["supervisor", "quality", "engineer", "manager"],
  holdRelease: ["quality"],
  authorChanges: ["engineer"],
  /** Import parts, BOMs, routings and documents as released baselines (docs/master-data-import.md). */
  importMasterData: ["engineer"],
  /** Board members sign in their own role; which roles an ECO needs is set per ECO. */
  signChanges: ["engineer", "quality", "supervisor"],
  administer: [],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return role === "admin" || (permissions[permission] as readonly Role[]).includes(role);
}

/**
 * From the most to the least a role may do (docs/roles.md, "Order of roles"): when several of an
 * SSO user's claim values map to roles, the first of them in this list wins.
 */
export const rolePrecedence = ["admin", "engineer", "quality", "supervisor", "planner", "manager", "operator", "viewer"] as const satisfies readonly Role[];

/** The role that may do the most of these, or null for none. */
export function highestRole(candidates: Iterable<Role>): Role | null {
  const given = new Set(candidates);
  return rolePrecedence.find((role) => given.has(role)) ?? null;
}
