import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";
import { extractPdfText } from "@/server/traceability/pdf-text";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

test("quality searches a serial, opens a child component and its lot's where-used, and downloads the record as PDF", async ({ page }) => {
  await signIn(page, "quality");
  await page.getByRole("searchbox", { name: /Search serial/ }).fill("CP40-0000001");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/traceability\/units\/CP40-0000001$/);
  await expect(page.getByRole("heading", { level: 1, name: "CP40-0000001" })).toBeVisible();
  await expect(page.getByTestId("process-step").first()).toBeVisible();

  // The motor fitted now (a replaced one stays in the list, marked removed).
  const genealogy = page.getByRole("list", { name: "Genealogy" });
  const motorLink = genealogy.getByRole("listitem").filter({ hasNotText: "Removed" }).getByRole("link", { name: /^M075-\d{7}$/ });
  const motor = (await motorLink.textContent()) ?? "";
  await motorLink.click();
  await expect(page).toHaveURL(new RegExp(`/traceability/units/${motor}$`));
  await expect(page.getByRole("heading", { level: 1, name: motor })).toBeVisible();
  await expect(page.getByText("Installed in:")).toContainText("CP40-0000001");

  const lotLink = page.getByRole("list", { name: "Genealogy" }).getByRole("link", { name: /^STA-075-L\d{5}$/ });
  const lot = (await lotLink.textContent()) ?? "";
  await lotLink.click();
  await expect(page).toHaveURL(new RegExp(`/traceability/lots/${lot}$`));
  await expect(page.getByRole("heading", { level: 1, name: lot })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Where used: \d+ units? contain it now/ })).toBeVisible();
  // Direct users of the lot (motors) come first; one level up are the finished pumps.
  await expect(page.getByRole("link", { name: motor, exact: true })).toBeVisible();
  await page.getByRole("checkbox", { name: "Finished products only" }).check();
  // Finished products include motors still in stock; 25 a page: page on until the pump this test came from.
  const pump = page.getByRole("link", { name: "CP40-0000001", exact: true });
  const table = page.getByRole("table", { name: "Units that contain it" });
  await expect(table).toBeVisible();
  for (let i = 0; i < 40 && (await pump.count()) === 0; i++) {
    // Each page must have arrived before it is searched, or a fast loop pages past the pump.
    const firstRow = (await table.getByRole("row").nth(1).textContent()) ?? "";
    await page.getByRole("button", { name: "Next" }).click();
    await expect(table.getByRole("row").nth(1)).not.toHaveText(firstRow);
  }
  await expect(pump).toBeVisible();
  await expect(page.getByRole("link", { name: motor, exact: true })).toHaveCount(0);

  await page.goto("/traceability/units/CP40-0000001");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("DHR-CP40-0000001.pdf");
  const bytes = await readFile((await download.path()) ?? "");
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const text = extractPdfText(bytes);
  expect(text).toContain("Device History Record");
  expect(text).toContain("CP40-0000001");
  expect(text).toContain(motor);
});

test("garbage in the search box says clearly that nothing matches; a GS1 barcode goes straight to the unit", async ({ page }) => {
  await signIn(page, "quality", "/traceability");
  const search = page.getByRole("search").getByRole("textbox", { name: /Serial, lot, work order/ });
  await search.fill("§§ no such thing §§");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("status")).toContainText('Nothing matches "§§ no such thing §§"');

  await search.fill("(01)04012345000108(21)CP40-0000002");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/traceability\/units\/CP40-0000002$/);
});

/** A finished pump of the e2e server's own seeded database that nobody has put on hold. */
async function completePumpSerial() {
  const { databaseUrl } = e2eEnvironment();
  const sql = createSqlClient(databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ serial: string }[]>`select serial from units where status = 'complete' and serial like 'CP40-%' order by id desc limit 1`;
    if (!row) throw new Error("the e2e seed has no complete pump");
    return row.serial;
  } finally {
    await sql.end();
  }
}

test("quality puts a unit on hold with a reason and releases it; a viewer is not offered traceability", async ({ page, browser }) => {
  const serial = await completePumpSerial();
  await signIn(page, "quality", `/traceability/units/${serial}`);
  await page.getByRole("button", { name: "Put on hold" }).click();
  await page.getByLabel("Reason").fill("e2e: customer complaint");
  await page.getByRole("button", { name: "Confirm hold" }).click();
  await expect(page.getByRole("region", { name: "Unit" }).getByText("On hold", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Release hold" }).click();
  await page.getByLabel("Reason").fill("e2e: complaint closed");
  await page.getByRole("button", { name: "Confirm release" }).click();
  await expect(page.getByRole("button", { name: "Put on hold" })).toBeVisible();

  const viewer = await browser.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto(`/traceability/units/${serial}`);
  await expect(viewer.getByRole("alert").filter({ hasText: "Not available for your role" })).toBeVisible();
  await viewer.close();
});
