import { createHmac } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile } from "node:fs/promises";
import readline from "node:readline";

import { z } from "zod";

import type { DbOrTx } from "@/db";
import { env } from "@/server/env";
import { repeatEvery } from "@/server/runtime/repeat";

import { canonical, readAuditHead, type AuditHead } from "./audit-log";

/** Where the chain is anchored and with which key; see docs/audit.md. */
export interface AuditSettings {
  key: string | null;
  anchorFile: string | null;
  webhook: { url: string; secret: string } | null;
}

export function auditSettings(): AuditSettings {
  const e = env();
  return {
    key: e.AUDIT_HMAC_KEY ?? null,
    anchorFile: e.AUDIT_ANCHOR_FILE ?? null,
    webhook: e.AUDIT_ANCHOR_WEBHOOK_URL && e.AUDIT_ANCHOR_WEBHOOK_SECRET ? { url: e.AUDIT_ANCHOR_WEBHOOK_URL, secret: e.AUDIT_ANCHOR_WEBHOOK_SECRET } : null,
  };
}

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

/** One line of the anchor file, and the body of the webhook's POST. */
const anchorSchema = z.object({
  at: z.iso.datetime(),
  entries: z.number().int().positive(),
  headHash: hex(64),
  headMac: hex(64).nullable(),
  keyId: hex(16),
  mac: hex(64),
});
export type AuditAnchor = z.infer<typeof anchorSchema>;
export type AnchorLine = AuditAnchor & { line: number };

/** Names the key without revealing it, so that verification can tell a wrong key from a rewrite. */
export function auditKeyId(key: string) {
  return createHmac("sha256", key).update("threadline audit key id").digest("hex").slice(0, 16);
}

function anchorMac(key: string, { at, entries, headHash, headMac, keyId }: Omit<AuditAnchor, "mac">) {
  return createHmac("sha256", key).update(canonical({ at, entries, headHash, headMac, keyId })).digest("hex");
}

export function signAnchor(key: string, head: AuditHead, at = new Date()): AuditAnchor {
  const unsigned = { at: at.toISOString(), entries: head.seq, headHash: head.hash, headMac: head.mac, keyId: auditKeyId(key) };
  return { ...unsigned, mac: anchorMac(key, unsigned) };
}

export function isAnchorSigned(key: string, anchor: AuditAnchor) {
  return anchorMac(key, anchor) === anchor.mac;
}

export type AnchorFileContent = { error: string } | { anchors: AnchorLine[]; malformedLines: number[] };

export async function readAnchorFile(file: string): Promise<AnchorFileContent> {
  const anchors: AnchorLine[] = [];
  const malformedLines: number[] = [];
  let line = 0;
  try {
    for await (const text of readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      const parsed = anchorSchema.safeParse(parseJson(text));
      if (parsed.success) anchors.push({ ...parsed.data, line });
      else malformedLines.push(line);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === "ENOENT" ? `The anchor file ${file} does not exist.` : `The anchor file ${file} cannot be read (${code ?? String(error)}).` };
  }
  return { anchors, malformedLines };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function postAnchor(webhook: { url: string; secret: string }, body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", webhook.secret).update(`${timestamp}.${body}`).digest("hex");
  const response = await fetch(webhook.url, {
    method: "POST",
    headers: { "content-type": "application/json", "threadline-timestamp": timestamp, "threadline-signature": `sha256=${signature}` },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`answered ${response.status}`);
}

interface AnchorTarget {
  name: string;
  deliver: (body: string) => Promise<void>;
}

function anchorTargets(settings: AuditSettings) {
  const targets: AnchorTarget[] = [];
  const { anchorFile, webhook } = settings;
  // The "a" flag opens the file for appending only: an export never rewrites what is there.
  if (anchorFile) targets.push({ name: anchorFile, deliver: (body) => appendFile(anchorFile, `${body}\n`, { flag: "a", mode: 0o640 }) });
  if (webhook) targets.push({ name: webhook.url, deliver: (body) => postAnchor(webhook, body) });
  return targets;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Sends one anchor to each target; says for each whether it arrived. */
async function deliver(targets: AnchorTarget[], anchor: AuditAnchor) {
  const body = JSON.stringify(anchor);
  return Promise.all(
    targets.map((target) =>
      target.deliver(body).then(
        () => ({ target: target.name, error: null }),
        (error: unknown) => ({ target: target.name, error: messageOf(error) }),
      ),
    ),
  );
}

export function deliverAnchor(settings: AuditSettings, anchor: AuditAnchor) {
  return deliver(anchorTargets(settings), anchor);
}

/**
 * Exports the chain's head every `intervalMs` from a long-running process (the
 * ingestion worker), to each target only when the head has moved since that
 * target last received it. Returns null, saying why, when there is nothing to do.
 */
export function scheduleAuditAnchors(db: DbOrTx, settings: AuditSettings, options: { intervalMs: number; log: (message: string) => void }) {
  const { key } = settings;
  const targets = anchorTargets(settings);
  if (!key || targets.length === 0 || options.intervalMs <= 0) {
    options.log("the audit chain's head is not exported (AUDIT_ANCHOR_FILE / AUDIT_ANCHOR_WEBHOOK_URL with AUDIT_HMAC_KEY, AUDIT_ANCHOR_SECONDS > 0): deleting the newest entries would go unnoticed");
    return null;
  }
  const delivered = new Map<string, number>();
  return repeatEvery(
    options.intervalMs,
    async () => {
      const head = await readAuditHead(db);
      if (!head) return;
      const outcomes = await deliver(
        targets.filter((t) => delivered.get(t.name) !== head.seq),
        signAnchor(key, head),
      );
      for (const { target, error } of outcomes) {
        if (error === null) delivered.set(target, head.seq);
        else options.log(`audit anchor not delivered to ${target}, trying again next time: ${error}`);
      }
    },
    { isImmediate: true, onError: (error) => options.log(`audit anchor export failed, trying again next time: ${messageOf(error)}`) },
  );
}
