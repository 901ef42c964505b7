import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const NEXT_BIN = require.resolve("next/dist/bin/next");

/**
 * Node processes started without `npx` in between: a signal sent to the
 * child reaches the real process (npx does not pass SIGTERM on, which leaves
 * servers running after their parent stopped).
 */
export function spawnNext(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], options);
}

/** Whether a process with this pid exists (signal 0 only checks). */
export function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function spawnTsx(file: string, options: SpawnOptions = {}, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", file, ...args], options);
}

/** The production web server (scripts/web.ts): WEB_CONCURRENCY `next start` processes on PORT. */
export function spawnWeb(options: SpawnOptions = {}): ChildProcess {
  return spawnTsx("scripts/web.ts", options);
}
