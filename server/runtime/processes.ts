import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Node processes started without `npx` in between: a signal sent to the
 * child reaches the real process (npx does not pass SIGTERM on, which leaves
 * servers running after their parent stopped).
 */
export function spawnNext(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [require.resolve("next/dist/bin/next"), ...args], options);
}

export function spawnTsx(file: string, options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", file], options);
}
