import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { createTestDatabase } from "@/server/testing/database";

/**
 * Playwright's web server: a fresh seeded database of its own, then `next start`
 * on the production build. The database is dropped when Playwright stops us.
 */
const port = process.env.E2E_PORT ?? "3100";
const database = await createTestDatabase("threadline_e2e");
const sql = createSqlClient(database.url, { max: 1 });
await seedDatabase(sql, { units: 600 });
await sql.end();

fs.mkdirSync(".data", { recursive: true });
fs.writeFileSync(path.join(".data", "e2e.json"), JSON.stringify({ databaseUrl: database.url }));

const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64"), AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1", THREADLINE_DEMO: "0", PORT: port };
const web = spawn("npx", ["next", "start", "--port", port], { env, stdio: "inherit" });

let isStopping = false;
async function stop() {
  if (isStopping) return;
  isStopping = true;
  web.kill("SIGTERM");
  await new Promise((r) => (web.exitCode !== null ? r(null) : web.once("exit", r)));
  await database.drop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
web.once("exit", (code) => {
  if (!isStopping) {
    console.error(`next start exited (${code})`);
    void database.drop().then(() => process.exit(1));
  }
});
