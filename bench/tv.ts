/**
 * npm run bench:tv [-- --quick] [--minutes 20]
 *
 * The andon board as a wall TV runs it: /tv in Chromium for N minutes,
 * rotating lines every 5 s, while the line simulator drives the plant at
 * full speed (every state change, unit and alarm refetches the board). Every
 * 30 s the page's JS heap is measured after a forced garbage collection,
 * with its DOM node and event listener counts. Growth is the slope of the
 * heap after the first two minutes (warm-up), in MB per hour.
 * Real parts: the web server (scripts/web.ts) on the production build (`npm run build` first),
 * Postgres, the embedded broker, the ingestion worker. The last line is JSON.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

import { chromium } from "@playwright/test";
import { linearRegression } from "simple-statistics";

import { createSqlClient } from "@/db";
import { chromiumLaunchOptions } from "@/e2e/fixtures/chromium";
import { e2eEnvironment } from "@/e2e/fixtures/environment";
import { demoUser } from "@/e2e/fixtures/users";
import { startSimulator } from "@/server/simulator/simulator";
import { freePort, stopChild, waitFor } from "@/server/testing/support";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, minutes: { type: "string" } } });
const minutes = Number(values.minutes ?? (values.quick ? 1.5 : 20));
const SAMPLE_MS = 30_000;
const WARMUP_MS = values.quick ? 30_000 : 120_000;

const port = await freePort();
// The e2e server: a fresh seeded database, an embedded broker, the worker and the web server.
const server = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], { env: { ...process.env, E2E_PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
const base = `http://localhost:${port}`;
try {
  await waitFor("the e2e server", () => fetch(`${base}/sign-in`).then((r) => r.ok, () => false), 180_000);
  const { databaseUrl, mqttUrl } = e2eEnvironment(String(port));
  const sql = createSqlClient(databaseUrl, { max: 2 });
  const simulator = await startSimulator(sql, mqttUrl, { telemetryRate: 1, timeScale: 60, hasCalendar: false, clientId: `tv-bench-${process.pid}` });

  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}/sign-in?callbackUrl=${encodeURIComponent("/tv?rotate=5")}`);
  const supervisor = demoUser("supervisor");
  await page.getByLabel("E-mail").fill(supervisor.email);
  await page.getByLabel("Password").fill(supervisor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/tv/);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");

  const started = Date.now();
  const samples: { minute: number; heapMb: number; nodes: number; listeners: number }[] = [];
  for (;;) {
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const sample = { minute: (Date.now() - started) / 60_000, heapMb: metric("JSHeapUsedSize") / 1024 / 1024, nodes: metric("Nodes"), listeners: metric("JSEventListeners") };
    samples.push(sample);
    console.log(`${sample.minute.toFixed(1).padStart(5)} min  heap ${sample.heapMb.toFixed(2)} MB  DOM nodes ${sample.nodes}  listeners ${sample.listeners}`);
    if (Date.now() - started >= minutes * 60_000) break;
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
  }
  const isLive = await page.getByText("Live", { exact: true }).isVisible();
  await browser.close();
  await simulator.stop();
  await sql.end();

  const steady = samples.filter((s) => s.minute * 60_000 >= WARMUP_MS);
  const { m: slope } = steady.length >= 2 ? linearRegression(steady.map((s) => [s.minute / 60, s.heapMb])) : { m: NaN };
  const first = steady[0];
  const last = samples.at(-1);
  console.log(`heap after warm-up ${first?.heapMb.toFixed(2)} MB → ${last?.heapMb.toFixed(2)} MB over ${minutes} min; slope ${slope.toFixed(2)} MB/h; DOM nodes ${first?.nodes} → ${last?.nodes}`);
  console.log(
    JSON.stringify({
      bench: "tv",
      minutes,
      heap_start_mb: Number(first?.heapMb.toFixed(2)),
      heap_end_mb: Number(last?.heapMb.toFixed(2)),
      heap_slope_mb_per_hour: Number(slope.toFixed(2)),
      dom_nodes_start: first?.nodes,
      dom_nodes_end: last?.nodes,
      listeners_end: last?.listeners,
      live_at_end: isLive,
    }),
  );
} finally {
  await stopChild(server);
}
