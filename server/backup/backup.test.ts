import { once } from "node:events";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqlClient } from "@/db";
import { deliverAnchor, signAnchor } from "@/server/audit/anchor";
import { appendAudit, readAuditHead } from "@/server/audit/audit-log";
import { testAuditKey } from "@/server/audit/test-support";
import { spawnTsx } from "@/server/runtime/processes";
import { openTestDb } from "@/server/testing/database";

/** Runs one of the npm scripts as an operator would, and collects what it says. */
async function runScript(file: string, args: string[], env: Record<string, string>) {
  const child = spawnTsx(file, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }, args);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

describe("backup and restore", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const dir = mkdtempSync(path.join(os.tmpdir(), "threadline-backup-"));
  const anchorFile = path.join(dir, "anchors.jsonl");
  const restoredUrl = () => {
    const url = new URL(t.url);
    url.pathname = `/${t.name}_restored`;
    return url.toString();
  };

  beforeAll(async () => {
    t = await openTestDb();
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await appendAudit(tx, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", data: { i } });
    });
    const head = await readAuditHead(t.db);
    if (!head) throw new Error("no audit head");
    const results = await deliverAnchor({ key: testAuditKey(), anchorFile, webhook: null }, signAnchor(testAuditKey(), head));
    expect(results.map((r) => r.error)).toEqual([null]);
  });
  afterAll(async () => {
    const admin = createSqlClient(new URL("/postgres", t.url).toString(), { max: 1 });
    await admin.unsafe(`drop database if exists "${t.name}_restored" with (force)`);
    await admin.end();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("restores a backup into a new database whose audit chain verifies against the anchors", async () => {
    const file = path.join(dir, "nightly.dump");
    const backup = await runScript("scripts/db-backup.ts", [file], { DATABASE_URL: t.url });
    expect(backup.output).toContain(`backup written: ${file}`);
    expect(backup.code).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(0);

    const restore = await runScript("scripts/db-restore.ts", [file, "--into", restoredUrl()], { AUDIT_ANCHOR_FILE: anchorFile });
    expect(restore.output).toContain("audit chain verified on the restored database");
    expect(restore.output).toContain("Chain intact up to entry 25");
    expect(restore.output).toContain("The database matches the anchor");
    expect(restore.code).toBe(0);

    const restored = createSqlClient(restoredUrl(), { max: 1 });
    try {
      const [original] = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
      const [copy] = await restored<{ n: number }[]>`select count(*)::int as n from audit_log`;
      expect(copy?.n).toBe(original?.n);
      // The append-only trigger came back with the data.
      await expect(restored`delete from audit_log where seq = 1`).rejects.toThrow();
    } finally {
      await restored.end();
    }
  });

  it("refuses to restore over a database that holds data, and leaves it as it was", async () => {
    const file = path.join(dir, "again.dump");
    expect((await runScript("scripts/db-backup.ts", [file], { DATABASE_URL: t.url })).code).toBe(0);
    await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.after_backup", entityType: "thing", data: {} });
    const restore = await runScript("scripts/db-restore.ts", [file], { DATABASE_URL: t.url });
    expect(restore.code).toBe(1);
    expect(restore.output).toMatch(/restore failed: database .* already holds \d+ tables: restore into a new, empty database/);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'thing.after_backup'`;
    expect(row?.n).toBe(1);
  });

  it("says what is wrong with a missing backup file, a restored chain shorter than its anchors, or missing client tools", async () => {
    const missing = await runScript("scripts/db-restore.ts", [path.join(dir, "nope.dump"), "--into", restoredUrl()], {});
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("no backup at");

    // An older backup against newer anchors: the restore says which entries it lacks.
    const old = path.join(dir, "old.dump");
    expect((await runScript("scripts/db-backup.ts", [old], { DATABASE_URL: t.url })).code).toBe(0);
    await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.later", entityType: "thing", data: {} });
    const head = await readAuditHead(t.db);
    if (!head) throw new Error("no audit head");
    await deliverAnchor({ key: testAuditKey(), anchorFile, webhook: null }, signAnchor(testAuditKey(), head));
    const second = new URL(restoredUrl());
    second.pathname += "_old";
    try {
      const restore = await runScript("scripts/db-restore.ts", [old, "--into", second.toString()], { AUDIT_ANCHOR_FILE: anchorFile });
      expect(restore.output).toContain("Truncated");
      expect(restore.output).toContain("AUDIT CHAIN BROKEN on the restored database");
      expect(restore.code).toBe(1);
    } finally {
      const admin = createSqlClient(new URL("/postgres", t.url).toString(), { max: 1 });
      await admin.unsafe(`drop database if exists "${decodeURIComponent(second.pathname.slice(1))}" with (force)`);
      await admin.end();
    }

    const noTools = await runScript("scripts/db-backup.ts", [path.join(dir, "x.dump")], { DATABASE_URL: t.url, PG_BIN_DIR: path.join(dir, "no-such-dir") });
    expect(noTools.code).toBe(1);
    expect(noTools.output).toContain("pg_dump was not found: install the PostgreSQL client tools or set PG_BIN_DIR");
  });
});
