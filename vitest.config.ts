import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{server,db,scripts}/**/*.test.ts"],
    environment: "node",
    // As in production, every audit entry written by a test carries a MAC.
    env: { AUDIT_HMAC_KEY: "vitest-audit-key-0123456789abcdef0123456789" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One migrated database per run, copied for each test file's own (server/testing/template-database.ts).
    globalSetup: ["server/testing/template-database.ts"],
    // Two cores: files run two at a time, each in its own database.
    maxWorkers: 2,
  },
});
