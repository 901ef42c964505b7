import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

test("a planner creates a work order, refused first for a quantity out of range, and releases it", async ({ page }) => {
  const number = `WO-E2E-${Date.now().toString(36).toUpperCase()}`;
  await signIn(page, "planner", "/work-orders");
  const form = page.getByRole("form", { name: "New work order" });
  await form.getByLabel("Number").fill(number);
  const part = form.getByLabel("Part");
  const cp40 = await part.locator("option", { hasText: "CP40-ASM rev" }).getAttribute("value");
  await part.selectOption(cp40 ?? "");
  // The browser stops a quantity below 1 itself; the server refuses what the browser lets through.
  await form.getByLabel("Quantity").fill("2000000");
  await form.getByLabel("Line").selectOption("P1");
  await form.getByRole("button", { name: "Create work order" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await form.getByLabel("Quantity").fill("40");
  await form.getByLabel("Due date").fill("2026-12-18");
  await form.getByRole("button", { name: "Create work order" }).click();

  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row.getByText("planned")).toBeVisible();
  await row.getByRole("button", { name: `Release ${number}` }).click();
  await expect(row.getByText("released")).toBeVisible();
});
