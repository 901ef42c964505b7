import { runMigrations } from "@/db/migrate";
import { requireDatabaseUrl } from "@/server/env";

await runMigrations(requireDatabaseUrl());
console.log("migrations applied");
