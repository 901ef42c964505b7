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
