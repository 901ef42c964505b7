import { randomBytes } from "node:crypto";
import { once } from "node:events";

import { expect, it } from "vitest";

import { createSqlClient } from "@/db";
import { spawnWeb } from "@/server/runtime/processes";
import { testServerAdminUrl } from "@/server/testing/database";

async function exitOf(env: NodeJS.ProcessEnv) {
  const child = spawnWeb({ env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr };
}

it("npm run start:web refuses to start without AUDIT_HMAC_KEY, and says why", async () => {
  const { AUDIT_HMAC_KEY: _key, ...withoutKey } = process.env;
  const { code, stderr } = await exitOf(withoutKey);
  expect(code).toBe(2);
  expect(stderr).toContain("AUDIT_HMAC_KEY is required");
});

it("npm run start:web refuses to start on a database without migrations (it could not issue a setup code), and says why", async () => {
  const adminUrl = await testServerAdminUrl();
  const name = `threadline_test_${process.pid}_${Date.now().toString(36)}_empty`;
  const admin = createSqlClient(adminUrl, { max: 1 });
  await admin.unsafe(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const { code, stderr } = await exitOf({ ...process.env, DATABASE_URL: url.toString(), AUDIT_HMAC_KEY: randomBytes(32).toString("base64") });
    expect(code).toBe(2);
    expect(stderr).toContain("cannot read the users table");
    expect(stderr).toContain("npm run db:migrate");
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});
