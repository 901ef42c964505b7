import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { openTestDb } from "@/server/testing/database";

import { deliverAnchor, signAnchor, type AuditSettings } from "./anchor";
import { appendAudit, readAuditHead } from "./audit-log";
import { problems, rewriteEntry, tamper, testAuditKey } from "./test-support";
import { verifyAndAnchor, verifyAuditChain, type AuditVerification } from "./verify";

const dir = mkdtempSync(path.join(os.tmpdir(), "threadline-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = (result: AuditVerification) => result.findings.map((f) => f.text);

describe("audit chain verification against anchors outside the database", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let settings: AuditSettings;
  beforeEach(async () => {
    t = await openTestDb();
    settings = { key: testAuditKey(), anchorFile: path.join(dir, `anchors-${t.name}.jsonl`), webhook: null };
  });
  afterEach(async () => t.close());

  async function append(count: number) {
    for (let i = 0; i < count; i++) await appendAudit(t.db, { actorId: null, actor: "tester", action: "thing.done", entityType: "thing", data: { i } });
  }

  /** What the worker's periodic export does: the current head, signed, to the anchor file. */
  async function anchorHead() {
    const head = await readAuditHead(t.db);
    if (!head) throw new Error("nothing to anchor");
    const [outcome] = await deliverAnchor(settings, signAnchor(testAuditKey(), head));
    expect(outcome?.error).toBeNull();
  }

  const verify = (overrides: Partial<AuditSettings> = {}) => verifyAuditChain(t.db, { ...settings, ...overrides });

  it("verifies an intact, anchored chain and says how far", async () => {
    await append(10);
    await anchorHead();
    await append(2);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: 12 });
    expect(texts(result)).toEqual([
      "Chain intact up to entry 12: every entry matches its hash and links to the one before.",
      expect.stringMatching(/^MACs under the configured key \([0-9a-f]{16}\) match: entries 1–12\.$/),
      expect.stringMatching(/^The database matches the anchor in .*anchors-.*\.jsonl; the last, of \S+Z, holds 10 entries with head [0-9a-f]{12}…\.$/),
      "Written after the last anchor and not anchored yet: entries 11–12.",
    ]);
  });

  it("reports the newest rows deleted by a superuser with the guard switched off", async () => {
    await append(10);
    await anchorHead();
    await tamper(t.sql, () => t.sql`delete from audit_log where seq > 7`);
    expect(problems(await verify())).toEqual([expect.stringMatching(/^Truncated: the anchor of \S+Z says 10 entries with head [0-9a-f]{12}…, the database has 7: entries 8–10 are missing\.$/)]);

    // Writing on after the cut, and anchoring the new head, does not hide it.
    await append(2);
    await anchorHead();
    expect(problems(await verify())).toEqual([expect.stringMatching(/^Truncated: .* the database has 9: entry 10 is missing\.$/)]);
    await append(1);
    expect(problems(await verify())).toEqual([expect.stringMatching(/^Entry 10 is not what the anchor of \S+Z recorded .*: the entries up to it were rewritten or replaced\.$/)]);
  });

  it("reports an entry edited with every later plain hash recomputed", async () => {
    await append(10);
    await rewriteEntry(t.db, t.sql, 4, { i: 999 });
    expect(problems(await verify({ anchorFile: null }))).toEqual([
      "MAC mismatch at entry 4: it was rewritten (the MACs before it match, so the key is right). The chain is intact up to entry 3.",
    ]);
  });

  it("reports a rewrite whose MACs were removed, with or without the entries before it", async () => {
    await append(10);
    await anchorHead();
    await rewriteEntry(t.db, t.sql, 4, { i: 999 }, { isStrippingMacs: true });
    expect(problems(await verify())).toEqual(["Entry 4 has no MAC although entry 1 before it has one: it was rewritten and its MAC removed. The chain is intact up to entry 3."]);

    // All MACs gone, the chain looks like one from before the key: only the anchor knows better.
    await rewriteEntry(t.db, t.sql, 1, { i: 1000 }, { isStrippingMacs: true });
    expect(problems(await verify())).toEqual([expect.stringMatching(/^Entry 10 is not what the anchor of \S+Z recorded \(head [0-9a-f]{12}…, MAC [0-9a-f]{12}…; the database now has [0-9a-f]{12}…, MAC none\): the entries up to it were rewritten or replaced\.$/)]);
  });

  it("reports a wrong key", async () => {
    await append(5);
    await anchorHead();
    const wrongKey = "another-key-of-at-least-32-characters-abcdef";
    expect(problems(await verify({ key: wrongKey }))).toEqual([
      expect.stringMatching(/^AUDIT_HMAC_KEY is not the key this chain was signed with: line 1 of the anchor file names key [0-9a-f]{16}, the configured key is [0-9a-f]{16}\. MACs were not checked\.$/),
    ]);
    expect(problems(await verify({ key: wrongKey, anchorFile: null }))).toEqual([
      "MAC mismatch at entry 1: it was rewritten, or AUDIT_HMAC_KEY is not the key it was signed with.",
    ]);
  });

  it("still verifies entries from before the key, as plain hashes sealed by the first MAC", async () => {
    await append(5);
    // The release before this one wrote the same hashes and no MAC.
    await tamper(t.sql, () => t.sql`update audit_log set mac = null`);
    await append(3);
    const result = await verify({ anchorFile: null });
    expect(result).toMatchObject({ ok: true, checked: 8 });
    expect(texts(result)).toEqual(
      expect.arrayContaining([
        "Written before AUDIT_HMAC_KEY was set, plain hashes sealed by the MAC of entry 6: entries 1–5.",
        expect.stringMatching(/^MACs under the configured key \([0-9a-f]{16}\) match: entries 6–8\.$/),
      ]),
    );

    await rewriteEntry(t.db, t.sql, 2, { i: 999 });
    expect(problems(await verify({ anchorFile: null }))).toEqual([
      "MAC mismatch at entry 6: it or one of the plain-hash entries 1–5 it seals was rewritten, or AUDIT_HMAC_KEY is not the key it was signed with. The chain is intact up to entry 5.",
    ]);
  });

  it("reports an anchor file that is missing or unreadable, and lines that are forged or not anchors", async () => {
    await append(3);
    const missing = path.join(dir, "nowhere.jsonl");
    expect(problems(await verify({ anchorFile: missing }))).toEqual([`The anchor file ${missing} does not exist.`]);
    const directory = path.join(dir, `directory-${t.name}`);
    mkdirSync(directory);
    expect(problems(await verify({ anchorFile: directory }))).toEqual([`The anchor file ${directory} cannot be read (EISDIR).`]);

    await anchorHead();
    const [line] = readFileSync(settings.anchorFile ?? "", "utf8").split("\n");
    const forged = { ...(JSON.parse(line ?? "") as Record<string, unknown>), entries: 2 };
    appendFileSync(settings.anchorFile ?? "", `not json\n${JSON.stringify(forged)}\n`);
    const result = await verify();
    expect(problems(result)).toEqual([`Not signed with AUDIT_HMAC_KEY, so forged: line 3 of ${settings.anchorFile}.`]);
    expect(texts(result)).toContain(`Not anchors, ignored: line 2 of ${settings.anchorFile}.`);
  });

  it("anchors the head when an administrator's verification finds the chain intact, and not when broken", async () => {
    await append(4);
    await anchorHead();
    await append(2);
    const result = await verifyAndAnchor(t.db, settings);
    expect(result.ok).toBe(true);
    expect(texts(result)).toContain(`Anchored now: 6 entries with head ${result.head?.hash.slice(0, 12)}… sent to ${settings.anchorFile}.`);
    const lines = () => readFileSync(settings.anchorFile ?? "", "utf8").trim().split("\n");
    expect(lines().map((l) => (JSON.parse(l) as { entries: number }).entries)).toEqual([4, 6]);

    await tamper(t.sql, () => t.sql`delete from audit_log where seq = 6`);
    expect((await verifyAndAnchor(t.db, settings)).ok).toBe(false);
    expect(lines()).toHaveLength(2);
  });
});
