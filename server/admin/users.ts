import { asc } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";

export function listUsers(db: DbOrTx) {
  return db.select({ id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, createdAt: users.createdAt }).from(users).orderBy(asc(users.name));
}
