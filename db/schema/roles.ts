/** The roles a user can have (docs/roles.md), apart from the table definitions so that server/env.ts can check role names without drizzle. */
export const roles = ["viewer", "operator", "supervisor", "planner", "quality", "engineer", "manager", "admin"] as const;
export type Role = (typeof roles)[number];
