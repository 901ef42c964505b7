import { parseArgs } from "node:util";

import { createSqlClient } from "@/db";
import { runMigrations } from "@/db/migrate";
import { seedDatabase } from "@/db/seed";
import { requireDatabaseUrl } from "@/server/env";

// Without --units: the demo's 30 days.
const { values } = parseArgs({ options: { units: { type: "string" } } });
const units = values.units === undefined ? undefined : Number(values.units);
if (units !== undefined && (!Number.isInteger(units) || units < 10)) {
  console.error("--units must be a whole number of at least 10");
  process.exit(2);
}

const url = requireDatabaseUrl();
await runMigrations(url);
const sql = createSqlClient(url, { max: 1 });
const started = Date.now();
try {
  const counts = await seedDatabase(sql, { units, onProgress: (m) => console.log(m) });
  console.table(counts);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
