import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { portalOrigin, startForeignSite } from "../fixtures/foreign-site";
import { signIn } from "../fixtures/users";

// Written next to the test results, to look at the pages as the CSP lets them render.
const shot = (name: string) => test.info().outputPath(`csp-${name}.png`);

/** Records of the e2e seed to open: an ECR, an ECO, a finished pump and a lot. */
async function seededRecords() {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    const [ecr] = await sql<{ number: string }[]>`select number from ecrs order by id limit 1`;
    const [eco] = await sql<{ number: string }[]>`select number from ecos order by id limit 1`;
    const [unit] = await sql<{ serial: string }[]>`select serial from units where serial like 'CP40-%' and completed_at is not null order by completed_at desc limit 1`;
    const [lot] = await sql<{ lot: string }[]>`select lot_number as lot from material_lots order by id limit 1`;
    if (!ecr || !eco || !unit || !lot) throw new Error("the e2e seed lacks an ECR, an ECO, a finished unit or a lot");
    return { ecr: ecr.number, eco: eco.number, serial: unit.serial, lot: lot.lot };
  } finally {
    await sql.end();
  }
}

/** Every CSP violation and console error of the page, as text. */
async function watchForViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    // Chromium's line for a failed load names no URL; the response listener below does.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction("reportCspViolation", (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return problems;
}

/** Next.js's client runtime announces itself once its scripts ran: the CSP let them. */
async function expectHydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
}

test("every page area works under the Content-Security-Policy, without a single violation", async ({ page }) => {
  // It walks every area of the portal: a minute on a quiet machine, more while CI shares the cores.
  test.setTimeout(180_000);
  const problems = await watchForViolations(page);
  const records = await seededRecords();

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectHydrated(page);
  await signIn(page, "admin");

  const areas: { path: string; ready: (page: Page) => Promise<void>; shot?: string; expectedError?: RegExp }[] = [
    { path: "/lines", ready: (p) => expect(p.getByRole("region", { name: /Pump line 1/ })).toBeVisible() },
    { path: "/lines/P1", ready: (p) => expect(p.getByRole("heading", { name: "Alarms" })).toBeVisible(), shot: "line" },
    { path: "/lines/P1/stations/P1-050", ready: (p) => expect(p.locator(".recharts-surface").first()).toBeVisible(), shot: "station" },
    { path: "/tv?line=P1", ready: (p) => expect(p.getByRole("heading", { name: "Pump line 1 (CP-40)" })).toBeVisible() },
    { path: "/traceability?q=PCB-EC1-L", ready: (p) => expect(p.getByRole("list", { name: "Search results" })).toBeVisible() },
    { path: `/traceability/units/${records.serial}`, ready: (p) => expect(p.getByTestId("process-step").first()).toBeVisible() },
    { path: `/traceability/lots/${records.lot}`, ready: (p) => expect(p.getByRole("heading", { level: 1, name: records.lot })).toBeVisible() },
    { path: "/changes", ready: (p) => expect(p.getByRole("heading", { name: "Changes", level: 1 })).toBeVisible() },
    { path: `/changes/ecrs/${records.ecr}`, ready: (p) => expect(p.getByRole("heading", { name: "History" })).toBeVisible() },
    { path: `/changes/ecos/${records.eco}`, ready: (p) => expect(p.getByRole("heading", { name: "History" })).toBeVisible() },
    { path: "/kpis", ready: (p) => expect(p.locator(".recharts-surface").first()).toBeVisible(), shot: "kpis" },
    { path: "/kpis/spc", ready: (p) => expect(p.getByTestId("spc-individuals-chart")).toBeVisible(), shot: "spc" },
    { path: "/admin", ready: (p) => expect(p.getByRole("table").first()).toBeVisible() },
    { path: "/admin/ingestion", ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
    { path: "/no-such-page", ready: (p) => expect(p.getByText("This page could not be found.")).toBeVisible(), expectedError: /^404 .*\/no-such-page$/ },
  ];
  for (const area of areas) {
    await page.goto(area.path);
    await area.ready(page);
    await expectHydrated(page);
    if (area.shot) await page.screenshot({ path: shot(area.shot), fullPage: true });
    expect(problems.filter((problem) => !area.expectedError?.test(problem)), area.path).toEqual([]);
    problems.length = 0;
  }
});

test("pages and API answers carry the security headers, with a fresh nonce each time", async ({ page }) => {
  await signIn(page, "viewer");
  const nonces = new Set<string>();
  for (const path of ["/lines", "/lines", "/sign-in"]) {
    const response = await page.request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
    // Next.js put this response's nonce on its scripts.
    expect(await response.text()).toContain(`nonce="${/'nonce-([^']+)'/.exec(csp)?.[1]}"`);
  }
  expect(nonces.size).toBe(3);

  const api = await page.request.get("/api/trpc/session.me");
  for (const response of [api, await page.request.get("/lines")]) {
    const headers = response.headers();
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toContain("camera=(self)");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Served over plain http here: HSTS only when the portal's origin is https (server/http/security-headers.test.ts).
    expect(headers["strict-transport-security"]).toBeUndefined();
  }
});

test("another origin cannot show the signed-in portal in a frame", async ({ page }) => {
  await signIn(page, "viewer");
  const site = await startForeignSite(`<!doctype html><h1>Win a prize</h1><iframe src="${portalOrigin()}/lines" width="800" height="600"></iframe>`);
  try {
    const refused = page.waitForEvent("console", (message) => message.text().includes("frame-ancestors"));
    await page.goto(site.url);
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    await expect(frame!.getByTestId("user-name")).toHaveCount(0);
  } finally {
    await site.close();
  }
});
