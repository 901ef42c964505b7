import { expect, test, type Page } from "@playwright/test";

import { signIn } from "../fixtures/users";

// Written next to the test results, to look at after a change to the look of the pages.
const shot = (page: Page, name: string, width: number) => page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });

/** Every page at desktop and small-laptop width; each must render without an error boundary. */
const pages: { name: string; path: string | ((page: Page) => Promise<void>); ready: (page: Page) => Promise<void> }[] = [
  { name: "lines", path: "/lines", ready: (p) => expect(p.getByRole("link", { name: "TV mode" })).toBeVisible() },
  { name: "line", path: "/lines/P1", ready: (p) => expect(p.getByRole("figure", { name: "State timeline" })).toBeVisible() },
  { name: "line-7-days", path: "/lines/P1?hours=168", ready: (p) => expect(p.getByRole("navigation", { name: "Days" })).toBeVisible() },
  { name: "station", path: "/lines/P1/stations/P1-050", ready: (p) => expect(p.getByRole("navigation", { name: "Window" })).toBeVisible() },
  { name: "traceability", path: "/traceability", ready: (p) => expect(p.getByRole("region", { name: "Lots on hold" })).toBeVisible() },
  { name: "part-search", path: "/traceability?q=PCB-EC1", ready: (p) => expect(p.getByRole("list", { name: "Search results" })).toBeVisible() },
  {
    name: "unit",
    path: async (p) => {
      await p.goto("/traceability");
      await p.getByRole("region", { name: "Recently finished units" }).getByRole("link").first().click();
    },
    ready: (p) => expect(p.getByTestId("process-step").first()).toBeVisible(),
  },
  {
    name: "lot",
    path: async (p) => {
      await p.goto("/traceability");
      await p.getByRole("region", { name: "Lots on hold" }).getByRole("link").first().click();
    },
    ready: (p) => expect(p.getByRole("heading", { name: /Where used/ })).toBeVisible(),
  },
  { name: "changes", path: "/changes", ready: (p) => expect(p.getByRole("table").first()).toBeVisible() },
  { name: "ecr", path: "/changes/ecrs/ECR-0001", ready: (p) => expect(p.getByRole("heading", { name: "Problem" })).toBeVisible() },
  { name: "eco", path: "/changes/ecos/ECO-0002", ready: (p) => expect(p.getByRole("heading", { name: "Review board" })).toBeVisible() },
  { name: "part", path: "/changes/parts/CP40-ASM", ready: (p) => expect(p.getByRole("table").first()).toBeVisible() },
  { name: "kpis", path: "/kpis", ready: (p) => expect(p.getByRole("region", { name: "Lines compared" })).toBeVisible() },
  { name: "kpis-downtime", path: "/kpis/downtime", ready: (p) => expect(p.getByRole("navigation", { name: "Pages" })).toBeVisible() },
  { name: "spc", path: "/kpis/spc", ready: (p) => expect(p.getByTestId("spc-individuals-chart")).toBeVisible() },
  { name: "admin", path: "/admin", ready: (p) => expect(p.getByRole("button", { name: "Verify audit chain" })).toBeVisible() },
  { name: "admin-equipment", path: "/admin/equipment", ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "admin-ingestion", path: "/admin/ingestion", ready: (p) => expect(p.getByRole("region", { name: "Workers", exact: true })).toBeVisible() },
  { name: "account-password", path: "/account/password", ready: (p) => expect(p.getByLabel("Current password")).toBeVisible() },
];

for (const width of [1440, 1024]) {
  test(`every page at ${width} px`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, "admin");
    for (const p of pages) {
      if (typeof p.path === "string") await page.goto(p.path);
      else await p.path(page);
      await p.ready(page);
      await expect(page.getByText(/Application error|This page couldn.t load/)).toHaveCount(0);
      await shot(page, p.name, width);
    }
  });
}

test("the sign-in page, and after a wrong password, at 1440 and 1024 px", async ({ page }) => {
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/sign-in");
    await shot(page, "sign-in", width);
    await page.getByLabel("E-mail").fill("nobody@threadline.demo");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail address or password." })).toBeVisible();
    await shot(page, "sign-in-failed", width);
  }
});

test("the TV board at 1920 px", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, "supervisor");
  await page.goto("/tv");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shot(page, "tv", 1920);
});
