import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

test("the traceability page starts from open holds and recent units", async ({ page }) => {
  await signIn(page, "quality", "/traceability");
  const lots = page.getByRole("region", { name: "Lots on hold" });
  await expect(lots.getByRole("row", { name: /PCB-EC1-L\d+/ })).toContainText("Supplier 8D: solder voids on U3");
  await expect(page.getByRole("region", { name: "Units on hold" }).getByRole("link", { name: /^CP\d0-/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Recently finished units" }).getByRole("row")).not.toHaveCount(0);
  await lots.getByRole("link", { name: /^PCB-EC1-L\d+$/ }).click();
  await expect(page.getByRole("heading", { name: /Where used/ })).toBeVisible();
});

test("a part number lists the part and its lots", async ({ page }) => {
  await signIn(page, "quality", "/traceability?q=PCB-EC1");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("listitem").first()).toContainText("PCB-EC1");
  await expect(results.getByRole("link", { name: /^PCB-EC1-L\d+$/ }).first()).toBeVisible();
});
