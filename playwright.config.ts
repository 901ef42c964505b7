import { defineConfig, devices } from "@playwright/test";

import { chromiumLaunchOptions } from "./e2e/fixtures/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  // Parallel runs (one per port) must not wipe each other's artifacts.
  outputDir: `test-results/e2e-${port}`,
  fullyParallel: false,
  // One browser at a time: the machine has two cores and the web server needs one.
  workers: 1,
  retries: 1,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    // localhost, not 127.0.0.1: next-auth's CSRF cookie is bound to the host name.
    baseURL: `http://localhost:${port}`,
    // Recording a trace costs Chromium about three times the CPU of the page itself (its screencast):
    // only the retry of a failed test records one.
    trace: "on-first-retry",
    // No endless animations (the live indicator's pulse) repainting while a test waits.
    reducedMotion: "reduce",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 768 } } }],
  webServer: {
    command: "npx tsx scripts/e2e-server.ts",
    url: `http://localhost:${port}/sign-in`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
