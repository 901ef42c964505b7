import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

/** The last 30 days as a custom window: the whole demo history of the e2e seed. */
function last30Days() {
  const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600_000).toISOString().slice(0, 10);
  return `window=custom&from=${day(-29)}&to=${day(0)}`;
}

test("a quality engineer narrows KPIs to a line and window and opens the units behind first-pass yield", async ({ page }, testInfo) => {
  await signIn(page, "quality", "/kpis");
  await expect(page).toHaveURL(/\/kpis$/);
  const figures = page.getByRole("region", { name: "Key figures" });
  await expect(figures.getByRole("link", { name: /^First-pass yield \d/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Lines compared" }).getByRole("row", { name: /^P1/ })).toBeVisible();

  await page.getByLabel("Line", { exact: true }).selectOption("P1");
  await expect(page).toHaveURL(/line=P1/);
  await expect(page.getByTestId("kpi-window")).toContainText("line P1");

  await page.getByRole("radio", { name: "Day" }).click();
  await expect(page).toHaveURL(/window=day/);
  await expect(page.getByTestId("kpi-window")).toContainText("Today");

  // A custom window opens on the last 30 days: the whole demo history.
  await page.getByRole("radio", { name: "Custom" }).click();
  await expect(page).toHaveURL(/window=custom&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId("kpi-window")).toContainText("Custom");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("kpis-dashboard.png"), fullPage: true });

  await figures.getByRole("link", { name: /^First-pass yield \d/ }).click();
  await expect(page).toHaveURL(/\/kpis\/units\/first-pass-failures\?.*line=P1/);
  const table = page.getByRole("region", { name: /Units that failed first time · line P1/ });
  const firstSerial = table.getByRole("link", { name: /^CP40-\d{7}$/ }).first();
  await expect(firstSerial).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("kpis-first-pass-failures.png"), fullPage: true });
  const serial = (await firstSerial.textContent()) ?? "";
  await expect(firstSerial).toHaveAttribute("href", `/traceability/units/${serial}`);

  // The same list as CSV, for the same filter.
  const csvHref = await table.getByRole("link", { name: /Export .* as CSV/ }).getAttribute("href");
  const csv = await page.request.get(csvHref ?? "");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("serial,part_number,revision,line,operation,station,result,attempt,at,unit_status");
  expect(text).toContain(serial);
});

test("availability opens the downtime intervals, and a viewer sees serials without trace links", async ({ page }, testInfo) => {
  await signIn(page, "viewer", `/kpis?line=M1&${last30Days()}`);
  await page.getByRole("link", { name: /^Availability \d/ }).click();
  await expect(page).toHaveURL(/\/kpis\/downtime\?.*line=M1/);
  const intervals = page.getByRole("region", { name: /Availability losses · line M1/ });
  await expect(intervals.getByRole("row").nth(1)).toBeVisible();
  // Which losses M1 had depends on the hours the e2e seed covers (they end now): filter by the state of the first one listed.
  const state = ((await intervals.getByRole("row").nth(1).getByRole("cell").nth(1).textContent()) ?? "").trim();
  await intervals.getByRole("button", { name: state, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`state=${state}`));
  await expect(intervals.getByRole("button", { name: state, exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => [...new Set(await intervals.getByRole("row").locator("td:nth-child(2)").allTextContents())]).toEqual([state]);
  await page.screenshot({ path: testInfo.outputPath("kpis-downtime.png"), fullPage: true });

  await page.goto(`/kpis/units/scrap?line=M1&${last30Days()}`);
  const scrapped = page.getByRole("region", { name: /Scrapped units · line M1/ });
  await expect(scrapped.getByRole("cell", { name: /^M075-\d{7}$/ }).first()).toBeVisible();
  await expect(scrapped.getByRole("link", { name: /^M075-/ })).toHaveCount(0);
  // SPC is for everyone who reads KPIs (docs/roles.md); a viewer gets no trace links there either.
  await page.goto("/kpis");
  await page.getByRole("link", { name: "SPC control charts" }).click();
  await expect(page.getByRole("heading", { name: "SPC control charts" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Unit record / hold" })).toHaveCount(0);
});

test("a bad filter in the URL gets a clear message and the filter bar still works", async ({ page }) => {
  await signIn(page, "viewer", "/kpis?line=NOPE");
  await expect(page.getByRole("alert").filter({ hasText: 'There is no line "NOPE".' }).first()).toBeVisible();
  await page.getByLabel("Line", { exact: true }).selectOption("P2");
  await expect(page.getByRole("region", { name: "Key figures" })).toBeVisible();
});

test("a quality engineer reads a control chart with limits, capability and rule breaks", async ({ page }, testInfo) => {
  await signIn(page, "quality", "/kpis");
  await page.getByRole("link", { name: "SPC control charts" }).click();
  await expect(page).toHaveURL(/\/kpis\/spc\?part=/);
  await page.getByLabel("Part", { exact: true }).selectOption("CP40-ASM");
  await page.getByRole("radio", { name: "Custom" }).click();
  await page.getByLabel("Characteristic", { exact: true }).selectOption({ label: "OP50 · leak_rate_mbar_l_s (mbar·l/s)" });
  await expect(page).toHaveURL(/op=OP50&char=leak_rate_mbar_l_s/);
  await expect(page.getByTestId("spc-individuals-chart")).toBeVisible();
  await expect(page.getByText("Cp / Cpk")).toBeVisible();
  await expect(page.getByText(/^UCL /).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("kpis-spc.png"), fullPage: true });
});

test("the KPI page fits a tablet", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, "supervisor", `/kpis?${last30Days()}`);
  await expect(page.getByRole("link", { name: /^OEE \d/ })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("kpis-tablet.png"), fullPage: true });
});

test("the downtime Pareto's axis reads in minutes when the downtime is short, not '0 h' on every tick", async ({ page }) => {
  await signIn(page, "manager", "/kpis");
  const chart = page.getByRole("region", { name: "Top downtime reasons" });
  const ticks = chart.locator(".recharts-cartesian-axis-tick-value");
  await expect(ticks.first()).toBeVisible();
  // The duration axis's ticks (the other axis reads in per cent).
  const labels = (await ticks.allTextContents()).filter((t) => /\d\s*(min|h)$/.test(t));
  expect(labels.length).toBeGreaterThan(2);
  expect(new Set(labels).size, labels.join(", ")).toBe(labels.length);
});
