import { once } from "node:events";

import { expect, it } from "vitest";

import { spawnWeb } from "@/server/runtime/processes";

it("npm run start:web refuses to start without AUDIT_HMAC_KEY, and says why", async () => {
  const { AUDIT_HMAC_KEY: _key, ...withoutKey } = process.env;
  const child = spawnWeb({ env: withoutKey, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  expect(code).toBe(2);
  expect(stderr).toContain("AUDIT_HMAC_KEY is required");
});
