import { expect, test, type Locator, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator) {
  return Promise.all((await locator.all()).map(async (l) => (await l.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 }));
}

async function lineWeek(page: Page) {
  await page.goto("/lines/P1?hours=168");
  await expect(page.getByRole("figure", { name: "State timeline" })).toBeVisible();
}

test("the dark sidebar runs the whole height of a long page", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "supervisor");
  await lineWeek(page);
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(pageHeight).toBeGreaterThan(900);
  const sidebar = await page.locator("aside").evaluate((el) => el.getBoundingClientRect().height);
  expect(sidebar).toBeGreaterThanOrEqual(pageHeight - 1);
});

test("the 7-day line view pages its alarms and downtime and draws the timeline in blocks", async ({ page }) => {
  // The e2e seed covers hours, not a week: give P1 twenty short stops days ago, before its history starts.
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  await sql`insert into station_state_intervals (station_id, state, started_at, ended_at, reported_reason)
    select s.id, 'DOWN', now() - interval '6 days' + n * interval '4 hours', now() - interval '6 days' + n * interval '4 hours' + interval '3 minutes', 'E2E jam'
    from stations s, generate_series(0, 19) n where s.code = 'P1-030' on conflict do nothing`;
  await sql.end();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "supervisor");
  await lineWeek(page);
  expect(await page.getByRole("list", { name: "Alarms" }).getByRole("listitem").count()).toBeLessThanOrEqual(15);
  expect(await page.getByRole("table", { name: "Downtime intervals" }).locator("tbody tr").count()).toBeLessThanOrEqual(15);
  const downtimePages = page.getByRole("navigation", { name: "Downtime pages" });
  await expect(downtimePages).toContainText(/^1–15 of \d+/);
  await downtimePages.getByRole("button", { name: "Next" }).click();
  await expect(downtimePages).toContainText(/^16–/);

  // A week of intervals is not a barcode: at most one block per 2 hours and station.
  for (const lane of await page.locator('[data-testid^="timeline-"]').all()) expect(await lane.locator("[data-state]").count()).toBeLessThanOrEqual(85);
  await page.getByRole("navigation", { name: "Days" }).getByRole("link").last().click();
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(page.getByRole("navigation", { name: "Days" })).toHaveCount(0);
});

test("the downtime reason picker fits inside its card", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "supervisor");
  await page.goto("/lines/P1?hours=24");
  const picker = page.getByRole("combobox", { name: /^Reason for / }).first();
  await expect(picker).toBeVisible();
  const card = page.getByRole("region", { name: "Downtime" });
  const [pickerBox, cardBox] = [await picker.boundingBox(), await card.boundingBox()];
  expect(pickerBox && cardBox && pickerBox.x + pickerBox.width).toBeLessThanOrEqual((cardBox?.x ?? 0) + (cardBox?.width ?? 0));
  const scroller = card.getByRole("table").locator("xpath=..");
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
});

test("SPC limit labels do not overlap", async ({ page }) => {
  await signIn(page, "quality", "/kpis/spc");
  const select = page.getByLabel("Characteristic", { exact: true });
  await expect(select).toBeVisible();
  const options = await select.locator("option").allTextContents();
  for (const option of options) {
    await select.selectOption({ label: option });
    const chart = page.getByTestId("spc-individuals-chart");
    const labels = chart.locator("text").filter({ hasText: /^(CL|UCL|LCL|USL|LSL) / });
    await expect(labels.first()).toBeVisible();
    const placed = await boxes(labels);
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i]!, placed[j]!), `${option}: labels ${i} and ${j} overlap`).toBe(false);
  }
});

for (const width of [1024, 1440]) {
  test(`Pareto axis labels have room at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, "manager", "/kpis");
    for (const title of ["Top failure operations", "Top downtime reasons", "Top defect measurements"]) {
      const axis = page.getByRole("region", { name: title }).locator(".recharts-xAxis");
      await expect(axis).toBeVisible();
      const xs = (await axis.locator(".recharts-cartesian-axis-tick-line").evaluateAll((lines) => lines.map((l) => Number(l.getAttribute("x1"))))).sort((a, b) => a - b);
      // Labels are turned 30°: two stay apart when their ticks are at least twice the line height apart.
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!, title).toBeGreaterThanOrEqual(24);
    }
  });
}
