import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

// Written next to the test results; copy one into docs/screenshots when a page's look changes on purpose.
const shot = (name: string) => test.info().outputPath(`traceability-${name}.png`);

/** The newest finished pump: the seed keeps telemetry for the last hours only, so its steps have signals to show. */
async function newestPump() {
  const { databaseUrl } = e2eEnvironment();
  const sql = createSqlClient(databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ serial: string }[]>`select serial from units where serial like 'CP40-%' and completed_at is not null order by completed_at desc limit 1`;
    if (!row) throw new Error("the e2e seed has no finished pump");
    return row.serial;
  } finally {
    await sql.end();
  }
}

test("screenshots of the traceability pages with seeded data", async ({ page }) => {
  await signIn(page, "quality", "/traceability?q=PCB-EC1-L");
  await expect(page.getByRole("list", { name: "Search results" })).toBeVisible();
  await page.screenshot({ path: shot("search"), fullPage: true });

  await page.goto(`/traceability/units/${await newestPump()}`);
  await expect(page.getByTestId("process-step").first()).toBeVisible();
  for (const summary of await page.getByTestId("process-step").locator("summary").all()) await summary.click();
  await expect(page.getByRole("figure").first()).toBeVisible();
  await page.screenshot({ path: shot("unit"), fullPage: true });

  await page.setViewportSize({ width: 768, height: 1024 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot("unit-tablet"), fullPage: false });
  await page.setViewportSize({ width: 1366, height: 768 });

  await page.goto("/traceability?q=PCB-EC1-L");
  await page.getByRole("link", { name: /^PCB-EC1-L\d{5}$/ }).first().click();
  await expect(page.getByRole("heading", { name: /Where used/ })).toBeVisible();
  await page.screenshot({ path: shot("lot"), fullPage: false });
});
