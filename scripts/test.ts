import { spawnSync } from "node:child_process";

/**
 * `npm test`: every check the project has, in the order that fails fastest.
 * Integration tests use the Postgres at 127.0.0.1:5432 when it answers (else an
 * embedded one) and the Mosquitto at 127.0.0.1:1883; e2e runs the production
 * build in Debian's Chromium.
 */
const steps: [string, string[]][] = [
  ["typecheck", ["tsc", "--noEmit"]],
  ["lint", ["eslint", "--max-warnings", "0", "."]],
  ["unit and integration tests", ["vitest", "run"]],
  ["production build", ["next", "build"]],
  ["end-to-end tests", ["playwright", "test"]],
];

const started = Date.now();
const timings: string[] = [];
for (const [name, args] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}: npx ${args.join(" ")}`);
  const result = spawnSync("npx", args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  timings.push(`${name} ${seconds} s`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n✓ all checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${timings.join(", ")})`);
