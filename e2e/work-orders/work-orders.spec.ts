import { expect, test } from "@playwright/test";

import { signIn, signOut } from "../fixtures/users";

test("a planner creates and releases a work order, a supervisor holds and resumes it, the planner closes it", async ({ page }) => {
  const number = `WO-E2E-${Date.now().toString(36).toUpperCase()}`;
  await signIn(page, "planner", "/work-orders");
  const form = page.getByRole("form", { name: "New work order" });
  await form.getByLabel("Number").fill(number);
  const part = form.getByLabel("Part");
  const cp40 = await part.locator("option", { hasText: "CP40-ASM rev" }).getAttribute("value");
  await part.selectOption(cp40 ?? "");
  await form.getByLabel("Line").selectOption("P1");
  await form.getByLabel("Quantity").fill("40");
  await form.getByLabel("Due date").fill("2026-12-18");
  await form.getByRole("button", { name: "Create work order" }).click();

  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row.getByText("planned")).toBeVisible();
  await row.getByRole("button", { name: `Release ${number}` }).click();
  await expect(row.getByText("released")).toBeVisible();
  await signOut(page);

  await signIn(page, "supervisor", "/work-orders");
  await expect(page.getByRole("form", { name: "New work order" })).toHaveCount(0);
  page.once("dialog", (dialog) => void dialog.accept("Housing shortage"));
  await row.getByRole("button", { name: `Hold ${number}` }).click();
  await expect(row.getByText("on hold")).toBeVisible();
  await expect(row.getByRole("button", { name: `Close ${number}` })).toHaveCount(0);
  await row.getByRole("button", { name: `Resume ${number}` }).click();
  await expect(row.getByText("released")).toBeVisible();
  await signOut(page);

  await signIn(page, "planner", "/work-orders");
  await page.getByRole("combobox", { name: "Status" }).selectOption("released");
  await row.getByRole("button", { name: `Close ${number}` }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole("combobox", { name: "Status" }).selectOption("closed");
  await expect(row.getByText("closed")).toBeVisible();
});

test("a planner imports work orders from a CSV file: the check names the bad row, then the file goes in once", async ({ page }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}-${page.viewportSize()?.width ?? 0}.png`), fullPage: true });
  const batch = `WO-E2E-CSV-${Date.now().toString(36).toUpperCase()}`;
  const csv = (line: string) => ({
    name: "work-orders.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`number,part_number,quantity,line,due_date,status\n${batch}-1,CP40-ASM,40,P1,2026-12-18,released\n${batch}-2,CP40-ASM,60,${line},2027-01-15,\n`),
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "planner", "/work-orders");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import work orders" })).toBeVisible();
  const file = page.getByLabel("Work order file");

  await file.setInputFiles(csv("Q7"));
  await page.getByRole("button", { name: "Check file" }).click();
  const problems = page.getByRole("region", { name: /Problems/ });
  await expect(problems.getByRole("row").filter({ hasText: "work-orders.csv" })).toContainText('No line in service has the code "Q7".');
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await shot("work-orders-import-problems");

  await file.setInputFiles(csv("P1"));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("region", { name: "Ready to import" }).getByRole("row", { name: /Work orders/ })).toContainText("2");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("region", { name: "Imported" }).getByRole("row", { name: /Work orders/ })).toContainText("2");
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot("work-orders-import-done");

  await page.getByRole("link", { name: "Back to work orders" }).click();
  await expect(page.getByRole("row").filter({ hasText: `${batch}-1` }).getByText("released")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `${batch}-2` }).getByText("planned")).toBeVisible();
  await shot("work-orders-list");
});
