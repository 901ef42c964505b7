import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { signIn } from "../fixtures/users";

// Written next to the test results, to look at after a change to the page's look.
const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}-${page.viewportSize()?.width ?? 0}.png`), fullPage: true });

const examples = ["parts.csv", "bom.csv", "routing.csv", "characteristics.csv", "documents.csv"].map((f) => path.join("docs/examples", f));

test("an engineer checks the example files, sees a BOM cycle refused, then imports them once", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "engineer", "/lines");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Master data" }).click();
  await expect(page.getByRole("heading", { name: "Import master data" })).toBeVisible();
  const files = page.getByLabel("Import files");

  // A BOM whose motor contains the pump it sits in: the dry run names the row and writes nothing.
  await files.setInputFiles([
    { name: "parts.csv", mimeType: "text/csv", buffer: readFileSync(examples[0] ?? "") },
    { name: "bom.csv", mimeType: "text/csv", buffer: Buffer.from("parent,child,find_number,qty\nHP25-ASM,HP25-MTR,10,1\nHP25-MTR,HP25-ASM,10,1\n") },
  ]);
  await page.getByRole("button", { name: "Check files" }).click();
  const problems = page.getByRole("region", { name: /Problems/ });
  await expect(problems.getByRole("row").filter({ hasText: "bom.csv" })).toContainText("BOM cycle: HP25-ASM contains HP25-MTR contains HP25-ASM");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await shot(page, "master-data-import-problems");

  await files.setInputFiles(examples);
  await page.getByRole("button", { name: "Check files" }).click();
  const ready = page.getByRole("region", { name: "Ready to import" });
  await expect(ready.getByRole("row", { name: /Parts/ })).toContainText("10");
  await shot(page, "master-data-import-ready");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const imported = page.getByRole("region", { name: "Imported" });
  await expect(imported.getByRole("row", { name: /Routing operations/ })).toContainText("6");

  // The same files again: nothing new to write, and the page says so.
  await page.getByRole("button", { name: "Check files" }).click();
  await expect(page.getByRole("region", { name: "Nothing new" })).toContainText("importing them again changes nothing");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, "master-data-import-unchanged");

  await page.goto("/changes/parts/HP25-ASM");
  await expect(page.getByText("HydroPro 25 circulator pump").first()).toBeVisible();
});

test("roles without the import permission see no link and are turned away", async ({ page }) => {
  await signIn(page, "quality", "/master-data/import");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Master data" })).toHaveCount(0);
  await expect(page.getByText("Master data is imported by engineers and administrators.")).toBeVisible();
});
