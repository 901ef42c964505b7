import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

import type { Role } from "@/db/schema";

import { signIn } from "../fixtures/users";

/**
 * Every page of the portal, as a role that may see it, checked by axe-core against WCAG 2.1 A and AA:
 * no serious or critical violation anywhere. One browser context per role, its pages visited in turn.
 */
type Violation = { page: string; id: string; impact: string; help: string; targets: string[] };

async function seriousViolations(page: Page, name: string): Promise<Violation[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ page: name, id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

function report(violations: Violation[]) {
  return violations.map((v) => `${v.page}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.slice(0, 8).join("\n    ")}${v.targets.length > 8 ? `\n    … ${v.targets.length - 8} more` : ""}`).join("\n");
}

interface Stop {
  name: string;
  /** A path, or the clicks that lead to a page whose address depends on the data. */
  go: string | ((page: Page) => Promise<void>);
  /** What must be on screen before axe looks (charts and live panels render after hydration). */
  ready?: (page: Page) => Promise<void>;
}

const h1 = (page: Page) => expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();

async function visit(page: Page, stop: Stop) {
  if (typeof stop.go === "string") await page.goto(stop.go);
  else await stop.go(page);
  await (stop.ready ?? h1)(page);
  await expect(page.getByText(/Application error|This page couldn.t load/)).toHaveCount(0);
}

async function checkAll(browser: Browser, role: Role | null, stops: Stop[]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (role) await signIn(page, role);
  const found: Violation[] = [];
  for (const stop of stops) {
    await visit(page, stop);
    found.push(...(await seriousViolations(page, stop.name)));
  }
  await context.close();
  expect(found.length, `serious or critical accessibility violations:\n${report(found)}`).toBe(0);
}

const firstLinkIn = (region: string) => async (page: Page) => {
  await page.goto("/traceability");
  await page.getByRole("region", { name: region }).getByRole("link").first().click();
};

test.describe("axe-core finds no serious or critical violation", () => {
  test.describe.configure({ timeout: 180_000 });

  test("signed out: sign-in, a failed sign-in", async ({ browser }) => {
    await checkAll(browser, null, [
      { name: "sign-in", go: "/sign-in" },
      {
        name: "sign-in failed",
        go: async (page) => {
          await page.goto("/sign-in");
          await page.getByLabel("E-mail").fill("nobody@threadline.demo");
          await page.getByLabel("Password").fill("not the password");
          await page.getByRole("button", { name: "Sign in", exact: true }).click();
        },
        ready: (page) => expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail address or password." })).toBeVisible(),
      },
    ]);
  });

  test("admin: admin pages, account, not found", async ({ browser }) => {
    await checkAll(browser, "admin", [
      { name: "admin", go: "/admin", ready: (p) => expect(p.getByRole("button", { name: "Verify audit chain" })).toBeVisible() },
      {
        name: "admin audit verified",
        go: async (p) => {
          await p.getByRole("button", { name: "Verify audit chain" }).click();
        },
        ready: (p) => expect(p.getByRole("status", { name: "Audit chain verification" })).toBeVisible(),
      },
      { name: "admin equipment", go: "/admin/equipment" },
      {
        name: "line shift calendar",
        // From the equipment page just checked.
        go: (p) => p.getByRole("link", { name: /^Shift calendar of / }).first().click(),
        ready: (p) => expect(p).toHaveURL(/\/calendar$/),
      },
      { name: "admin ingestion", go: "/admin/ingestion", ready: (p) => expect(p.getByRole("heading", { name: "Workers" })).toBeVisible() },
      { name: "admin API tokens", go: "/admin/api-tokens", ready: (p) => expect(p.getByRole("heading", { name: "Tokens", exact: true })).toBeVisible() },
      { name: "admin data retention", go: "/admin/retention", ready: (p) => expect(p.getByRole("heading", { name: "Raw telemetry" })).toBeVisible() },
      { name: "API reference", go: "/api-reference", ready: (p) => expect(p.getByRole("heading", { name: "API reference" })).toBeVisible() },
      { name: "account password", go: "/account/password" },
      { name: "inbox", go: "/inbox", ready: (p) => expect(p.getByRole("heading", { name: "Notifications" })).toBeVisible() },
      { name: "notification settings", go: "/account/notifications", ready: (p) => expect(p.getByRole("checkbox", { name: "Ingestion worker stopped reporting" })).toBeVisible() },
      { name: "not found", go: "/no-such-page" },
    ]);
  });

  test("supervisor: lines, line, station, TV board", async ({ browser }) => {
    await checkAll(browser, "supervisor", [
      { name: "lines", go: "/lines", ready: (p) => expect(p.getByRole("link", { name: "TV mode" })).toBeVisible() },
      { name: "line", go: "/lines/P1", ready: (p) => expect(p.getByRole("figure", { name: "State timeline" })).toBeVisible() },
      { name: "line 7 days", go: "/lines/P1?hours=168", ready: (p) => expect(p.getByRole("navigation", { name: "Days" })).toBeVisible() },
      { name: "station", go: "/lines/P1/stations/P1-050", ready: (p) => expect(p.getByRole("navigation", { name: "Window" })).toBeVisible() },
      { name: "tv", go: "/tv" },
    ]);
  });

  test("planner: work orders", async ({ browser }) => {
    await checkAll(browser, "planner", [{ name: "work orders", go: "/work-orders" }]);
  });

  test("quality: traceability search, unit, where-used, lot", async ({ browser }) => {
    await checkAll(browser, "quality", [
      { name: "traceability", go: "/traceability", ready: (p) => expect(p.getByRole("region", { name: "Lots on hold" })).toBeVisible() },
      { name: "part search", go: "/traceability?q=PCB-EC1", ready: (p) => expect(p.getByRole("list", { name: "Search results" })).toBeVisible() },
      { name: "unit", go: firstLinkIn("Recently finished units"), ready: (p) => expect(p.getByTestId("process-step").first()).toBeVisible() },
      {
        name: "unit where-used",
        go: async (p) => {
          await p.goto(`${new URL(p.url()).pathname}/where-used`);
        },
        ready: (p) => expect(p.getByRole("heading", { name: /Where used/ })).toBeVisible(),
      },
      { name: "lot", go: firstLinkIn("Lots on hold"), ready: (p) => expect(p.getByRole("heading", { name: /Where used/ })).toBeVisible() },
    ]);
  });

  test("engineer: changes, ECR and ECO detail and forms, part, master data", async ({ browser }) => {
    await checkAll(browser, "engineer", [
      { name: "changes", go: "/changes", ready: (p) => expect(p.getByRole("table").first()).toBeVisible() },
      { name: "ecr", go: "/changes/ecrs/ECR-0001", ready: (p) => expect(p.getByRole("heading", { name: "Problem" })).toBeVisible() },
      { name: "new ecr", go: "/changes/ecrs/new" },
      { name: "edit ecr", go: "/changes/ecrs/ECR-0004/edit" },
      { name: "eco", go: "/changes/ecos/ECO-0002", ready: (p) => expect(p.getByRole("heading", { name: "Review board" })).toBeVisible() },
      { name: "new eco", go: "/changes/ecos/new" },
      { name: "part", go: "/changes/parts/CP40-ASM", ready: (p) => expect(p.getByRole("table").first()).toBeVisible() },
      { name: "master data import", go: "/master-data/import" },
    ]);
  });

  test("manager: KPIs, their records, SPC", async ({ browser }) => {
    await checkAll(browser, "manager", [
      { name: "kpis", go: "/kpis", ready: (p) => expect(p.getByRole("region", { name: "Lines compared" })).toBeVisible() },
      { name: "kpis downtime", go: "/kpis/downtime", ready: (p) => expect(p.getByRole("table", { name: "State intervals" })).toBeVisible() },
      { name: "kpis ecrs", go: "/kpis/ecrs" },
      { name: "kpis scrap units", go: "/kpis/units/scrap", ready: (p) => expect(p.getByRole("heading", { level: 1, name: "Scrapped units" })).toBeVisible() },
      { name: "kpis first-pass failures", go: "/kpis/units/first-pass-failures", ready: (p) => expect(p.getByRole("heading", { level: 1, name: "Units that failed first time" })).toBeVisible() },
      { name: "spc", go: "/kpis/spc", ready: (p) => expect(p.getByTestId("spc-individuals-chart")).toBeVisible() },
    ]);
  });
});
