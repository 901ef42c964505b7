import { asc, gt, max } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { auditLog } from "@/db/schema";

import { auditKeyId, deliverAnchor, isAnchorSigned, readAnchorFile, signAnchor, type AnchorLine, type AuditSettings } from "./anchor";
import { entryHash, entryMac, GENESIS, type AuditHead } from "./audit-log";

export type AuditFindingLevel = "ok" | "note" | "warning" | "problem";
export interface AuditFinding {
  level: AuditFindingLevel;
  text: string;
}

export interface AuditVerification {
  /** No finding is a problem. */
  ok: boolean;
  /** Entries that check out, from entry 1 up to the first problem. */
  checked: number;
  head: AuditHead | null;
  findings: AuditFinding[];
}

const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : "none");
const lineList = (lines: number[]) => `${lines.length > 1 ? "lines" : "line"} ${lines.join(", ")}`;
const entries = (from: number, to: number) => (from === to ? `entry ${from}` : `entries ${from}–${to}`);

interface ChainWalk {
  checked: number;
  head: AuditHead | null;
  /** The first entry with a MAC: everything before it is from before AUDIT_HMAC_KEY. */
  firstMac: number | null;
  problem: string | null;
  /** Hash and MAC of the entries that anchors name. */
  anchored: Map<number, AuditHead>;
}

function macProblem(seq: number, firstMac: number) {
  if (seq > firstMac) return `MAC mismatch at entry ${seq}: it was rewritten (the MACs before it match, so the key is right).`;
  const sealed = seq > 1 ? ` or one of the plain-hash entries 1–${seq - 1} it seals` : "";
  return `MAC mismatch at entry ${seq}: it${sealed} was rewritten, or AUDIT_HMAC_KEY is not the key it was signed with.`;
}

/** Follows the chain from entry 1 to the first problem: sequence, link, hash and, with a key, MAC. */
async function walkChain(db: DbOrTx, key: string | null, anchoredSeqs: Set<number>): Promise<ChainWalk> {
  const walk: ChainWalk = { checked: 0, head: null, firstMac: null, problem: null, anchored: new Map() };
  let prevHash = GENESIS;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, walk.checked)).orderBy(asc(auditLog.seq)).limit(5000);
    if (page.length === 0) return walk;
    for (const row of page) {
      const seq = walk.checked + 1;
      if (row.seq !== seq) walk.problem = `Entry ${seq} is missing.`;
      else if (row.prevHash !== prevHash) walk.problem = `Entry ${seq} does not link to the entry before it.`;
      else if (entryHash(prevHash, row) !== row.hash) walk.problem = `Entry ${seq} was altered after it was written: its hash does not match its content.`;
      else if (row.mac === null && walk.firstMac !== null) walk.problem = `Entry ${seq} has no MAC although entry ${walk.firstMac} before it has one: it was rewritten and its MAC removed.`;
      else if (row.mac !== null && key && row.mac !== entryMac(key, row.hash)) walk.problem = macProblem(seq, walk.firstMac ?? seq);
      if (walk.problem) return walk;
      if (row.mac !== null) walk.firstMac ??= seq;
      walk.head = { seq, hash: row.hash, mac: row.mac };
      if (anchoredSeqs.has(seq)) walk.anchored.set(seq, walk.head);
      prevHash = row.hash;
      walk.checked = seq;
    }
  }
}

/** What the anchors say against what the database holds. */
function compareAnchors(anchors: AnchorLine[], walk: ChainWalk, newestSeq: number, file: string): AuditFinding[] {
  const last = anchors.reduce((a, b) => (b.entries >= a.entries ? b : a));
  const findings: AuditFinding[] = [];
  if (last.entries > newestSeq) {
    findings.push({
      level: "problem",
      text: `Truncated: the anchor of ${last.at} says ${last.entries} entries with head ${short(last.headHash)}, the database has ${newestSeq}: ${entries(newestSeq + 1, last.entries)} ${last.entries - newestSeq > 1 ? "are" : "is"} missing.`,
    });
  }
  const differing = anchors
    .filter((a) => {
      const entry = walk.anchored.get(a.entries);
      return entry && (entry.hash !== a.headHash || entry.mac !== a.headMac);
    })
    .sort((a, b) => a.entries - b.entries)[0];
  if (differing) {
    const entry = walk.anchored.get(differing.entries);
    findings.push({
      level: "problem",
      text: `Entry ${differing.entries} is not what the anchor of ${differing.at} recorded (head ${short(differing.headHash)}, MAC ${short(differing.headMac)}; the database now has ${short(entry?.hash ?? null)}, MAC ${short(entry?.mac ?? null)}): the entries up to it were rewritten or replaced.`,
    });
  }
  if (findings.length > 0 || walk.problem) return findings;
  findings.push({
    level: "ok",
    text: `The database matches ${anchors.length > 1 ? `all ${anchors.length} anchors` : "the anchor"} in ${file}; the last, of ${last.at}, holds ${last.entries} entries with head ${short(last.headHash)}.`,
  });
  if (newestSeq > last.entries) findings.push({ level: "note", text: `Written after the last anchor and not anchored yet: ${entries(last.entries + 1, newestSeq)}.` });
  return findings;
}

/**
 * Checks the chain in the database, the MAC of every entry with the key the
 * database never sees, and the chain's head against every anchor exported
 * outside the database. Reports in sentences, for an administrator or an operator.
 */
export async function verifyAuditChain(db: DbOrTx, settings: AuditSettings): Promise<AuditVerification> {
  const findings: AuditFinding[] = [];
  let key = settings.key;
  let anchors: AnchorLine[] | null = null;

  if (!settings.anchorFile) {
    findings.push({ level: "warning", text: "No anchor file is configured (AUDIT_ANCHOR_FILE): deleting the newest entries would go unnoticed." });
  } else {
    const content = await readAnchorFile(settings.anchorFile);
    if ("error" in content) findings.push({ level: "problem", text: content.error });
    else {
      anchors = content.anchors;
      if (content.malformedLines.length > 0) findings.push({ level: "warning", text: `Not anchors, ignored: ${lineList(content.malformedLines)} of ${settings.anchorFile}.` });
      if (anchors.length === 0) findings.push({ level: "warning", text: `The anchor file ${settings.anchorFile} holds no anchor yet.` });
    }
  }

  if (!key) {
    findings.push({ level: "warning", text: "AUDIT_HMAC_KEY is not set: MACs were not checked, so a rewrite with recomputed hashes would go unnoticed." });
  } else if (anchors) {
    const configured = key;
    const keyId = auditKeyId(configured);
    const foreign = anchors.find((a) => a.keyId !== keyId);
    if (foreign) {
      findings.push({
        level: "problem",
        text: `AUDIT_HMAC_KEY is not the key this chain was signed with: line ${foreign.line} of the anchor file names key ${foreign.keyId}, the configured key is ${keyId}. MACs were not checked.`,
      });
      key = null;
    } else {
      const forged = anchors.filter((a) => !isAnchorSigned(configured, a));
      if (forged.length > 0) findings.push({ level: "problem", text: `Not signed with AUDIT_HMAC_KEY, so forged: ${lineList(forged.map((a) => a.line))} of ${settings.anchorFile}.` });
      anchors = anchors.filter((a) => !forged.includes(a));
    }
  }

  const walk = await walkChain(db, key, new Set(anchors?.map((a) => a.entries)));
  if (walk.problem) findings.push({ level: "problem", text: walk.checked > 0 ? `${walk.problem} The chain is intact up to entry ${walk.checked}.` : walk.problem });
  else findings.push({ level: "ok", text: walk.checked === 0 ? "The audit log is empty." : `Chain intact up to entry ${walk.checked}: every entry matches its hash and links to the one before.` });

  const plainUpTo = walk.firstMac === null ? walk.checked : walk.firstMac - 1;
  if (plainUpTo > 0 && settings.key) {
    findings.push({
      level: "note",
      text:
        walk.firstMac === null
          ? `Written before AUDIT_HMAC_KEY was set, plain hashes only, sealed once an entry with a MAC follows: ${entries(1, plainUpTo)}.`
          : `Written before AUDIT_HMAC_KEY was set, plain hashes sealed by the MAC of entry ${walk.firstMac}: ${entries(1, plainUpTo)}.`,
    });
  }
  if (key && walk.firstMac !== null && walk.checked >= walk.firstMac) {
    findings.push({ level: "ok", text: `MACs under the configured key (${auditKeyId(key)}) match: ${entries(walk.firstMac, walk.checked)}.` });
  }

  if (anchors && anchors.length > 0 && settings.anchorFile) {
    const [newest] = await db.select({ seq: max(auditLog.seq) }).from(auditLog);
    findings.push(...compareAnchors(anchors, walk, newest?.seq ?? 0, settings.anchorFile));
  }

  return { ok: findings.every((f) => f.level !== "problem"), checked: walk.checked, head: walk.head, findings };
}

/** The admin's verification: when the chain checks out, its head is anchored there and then. */
export async function verifyAndAnchor(db: DbOrTx, settings: AuditSettings): Promise<AuditVerification> {
  const result = await verifyAuditChain(db, settings);
  if (!result.ok || !result.head || !settings.key) return result;
  const outcomes = await deliverAnchor(settings, signAnchor(settings.key, result.head));
  for (const { target, error } of outcomes) {
    result.findings.push(
      error === null
        ? { level: "ok", text: `Anchored now: ${result.head.seq} entries with head ${short(result.head.hash)} sent to ${target}.` }
        : { level: "warning", text: `Could not anchor the head to ${target}: ${error}.` },
    );
  }
  return result;
}
