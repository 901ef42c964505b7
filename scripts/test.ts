import { spawn } from "node:child_process";

/**
 * `npm test`: every check the project has. Typecheck, lint and the production
 * build need nothing but the sources, so they run side by side (their output is
 * printed whole as each ends); then the unit and integration tests; then e2e,
 * which runs that build. Integration tests use the Postgres at 127.0.0.1:5432
 * when it answers (else an embedded one) and the Mosquitto at 127.0.0.1:1883;
 * e2e runs in Debian's Chromium.
 */
type Step = [name: string, args: string[]];
const stages: Step[][] = [
  [
    ["typecheck", ["tsc", "--noEmit"]],
    ["lint", ["eslint", "--max-warnings", "0", "."]],
    ["production build", ["next", "build"]],
  ],
  [["unit and integration tests", ["vitest", "run"]]],
  [["end-to-end tests", ["playwright", "test"]]],
];

const started = Date.now();
const timings: string[] = [];

function run([name, args]: Step, isAlone: boolean) {
  return new Promise<{ name: string; code: number; seconds: string }>((resolve) => {
    const t0 = Date.now();
    if (isAlone) console.log(`\n▶ ${name}: npx ${args.join(" ")}`);
    const child = spawn("npx", args, { stdio: isAlone ? "inherit" : ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
    const output: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
    child.once("exit", (code) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(0);
      if (!isAlone) process.stdout.write(`\n▶ ${name}: npx ${args.join(" ")} (${seconds} s, side by side)\n${Buffer.concat(output).toString()}`);
      resolve({ name, code: code ?? 1, seconds });
    });
  });
}

for (const stage of stages) {
  const results = await Promise.all(stage.map((step) => run(step, stage.length === 1)));
  for (const r of results) timings.push(`${r.name} ${r.seconds} s`);
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length) {
    for (const r of failed) console.error(`\n✗ ${r.name} failed after ${r.seconds} s`);
    process.exit(failed[0]?.code ?? 1);
  }
}
console.log(`\n✓ all checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${timings.join(", ")})`);
