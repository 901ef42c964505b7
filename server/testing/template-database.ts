import { createTestDatabase, dropOrphanedTestDatabases, TEMPLATE_DATABASE_ENV } from "./database";

const PREFIX = "threadline_template";

/**
 * vitest's global setup: migrates one database per run, which createTestDatabase then
 * copies for every test file instead of running each migration again.
 */
export default async function setup() {
  await dropOrphanedTestDatabases(PREFIX);
  const template = await createTestDatabase(PREFIX, { isMigratedHere: true });
  process.env[TEMPLATE_DATABASE_ENV] = template.name;
  return async () => {
    delete process.env[TEMPLATE_DATABASE_ENV];
    await template.drop();
  };
}
