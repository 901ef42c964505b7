import { once } from "node:events";
import path from "node:path";

import type { ChildProcess } from "node:child_process";

import { afterEach, describe, expect, it } from "vitest";

import { freePort, stopChild, waitFor } from "@/server/testing/support";

import { isProcessAlive, spawnTsx } from "./processes";

const primary = path.join(import.meta.dirname, "test-fixtures", "cluster-primary.ts");
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) await stopChild(child);
});

async function start(env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawnTsx(primary, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  // A connection handed to a process in the moment it is killed is never answered: give up on it and ask again.
  const pidServing = () => fetch(`http://127.0.0.1:${port}/`, { headers: { connection: "close" }, signal: AbortSignal.timeout(2000) }).then((r) => r.text()).then(Number);
  return { child, exited, stdout: () => stdout, stderr: () => stderr, pidServing };
}

/** The pids answering on the port, asked often enough that round robin reaches every process. */
async function servingPids(ask: () => Promise<number>) {
  const pids = new Set<number>();
  for (let i = 0; i < 10; i++) pids.add(await ask());
  return pids;
}

describe("web cluster", () => {
  it("shares one port between processes, replaces one that dies and stops them all on SIGTERM", async () => {
    const web = await start();
    const first = await waitFor("two processes serving", async () => {
      const pids = await servingPids(web.pidServing);
      return pids.size === 2 && pids;
    }, 30_000);

    const [victim, survivor] = [...first] as [number, number];
    process.kill(victim, "SIGKILL");
    const second = await waitFor("a replacement serving", async () => {
      const pids = await servingPids(web.pidServing);
      return pids.size === 2 && !pids.has(victim) && pids;
    }, 30_000);
    expect(second.has(survivor)).toBe(true);
    expect(web.stderr()).toContain(`process ${victim} exited (SIGKILL)`);
    // The start-up banner once, not once per process; everything else from every process.
    expect(web.stdout().match(/== test server banner ==/g)).toHaveLength(1);
    for (const pid of [...first, ...second]) expect(web.stdout()).toContain(`serving in ${pid}`);

    web.child.kill("SIGTERM");
    expect(await web.exited).toEqual([0, null]);
    for (const pid of second) expect(isProcessAlive(pid)).toBe(false);
  }, 60_000);

  it("stops with the exit code of a process that fails before it serves, instead of restarting it forever", async () => {
    const web = await start({ FAIL_BEFORE_LISTEN: "1" });
    expect(await web.exited).toEqual([3, null]);
  }, 30_000);
});
