import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { deliverAnchor, signAnchor } from "@/server/audit/anchor";
import { appendAudit, readAuditHead } from "@/server/audit/audit-log";
import { tamper, testAuditKey } from "@/server/audit/test-support";
import { spawnTsx } from "@/server/runtime/processes";
import { openTestDb } from "@/server/testing/database";

let t: Awaited<ReturnType<typeof openTestDb>>;
const dir = mkdtempSync(path.join(os.tmpdir(), "threadline-audit-cli-"));
const anchorFile = path.join(dir, "anchors.jsonl");
beforeAll(async () => {
  t = await openTestDb();
  for (let i = 0; i < 6; i++) await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", data: { i } });
  const head = await readAuditHead(t.db);
  if (head) await deliverAnchor({ key: testAuditKey(), anchorFile, webhook: null }, signAnchor(testAuditKey(), head));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function auditVerify() {
  const child = spawnTsx("scripts/audit-verify.ts", { env: { ...process.env, DATABASE_URL: t.url, AUDIT_ANCHOR_FILE: anchorFile }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

it("npm run audit:verify tells the operator in words whether the chain holds, and exits 1 when it does not", async () => {
  const intact = await auditVerify();
  expect(intact.code).toBe(0);
  expect(intact.output).toContain("ok      Chain intact up to entry 6: every entry matches its hash and links to the one before.");
  expect(intact.output.trim().endsWith("audit chain verified")).toBe(true);

  await tamper(t.sql, () => t.sql`delete from audit_log where seq > 4`);
  const cut = await auditVerify();
  expect(cut.code).toBe(1);
  expect(cut.output).toMatch(/^PROBLEM Truncated: the anchor of \S+Z says 6 entries with head [0-9a-f]{12}…, the database has 4: entries 5–6 are missing\.$/m);
  expect(cut.output.trim().endsWith("AUDIT CHAIN BROKEN")).toBe(true);
});
