import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

const shot = (name: string) => test.info().outputPath(`admin-retention-${name}.png`);
const month = (offset: number) => {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `telemetry_samples_y${at.getUTCFullYear()}m${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
};

test("an administrator previews what a retention would drop, then saves one that drops nothing and goes back to keeping everything", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, "admin", "/admin");
  await page.getByRole("link", { name: "Data retention" }).click();
  await expect(page.getByRole("heading", { name: "Data retention", level: 1 })).toBeVisible();
  await expect(page.getByText("one partition per month. Keeps everything (no retention).")).toBeVisible();
  const partitions = page.getByRole("table", { name: "Partitions of raw telemetry" });
  await expect(partitions.getByRole("row", { name: new RegExp(month(0)) })).toBeVisible();
  await expect(partitions.getByRole("row", { name: /telemetry_samples_default/ })).toContainText("default: any time no month takes");

  const form = page.getByRole("form", { name: "Retention of raw telemetry" });
  const keep = form.getByLabel("Keep (days)");
  await expect(form.getByRole("button", { name: "Save retention" })).toHaveCount(0);

  // Two months back has ended more than 27 days ago whatever today is; this month never has.
  await keep.fill("27");
  await form.getByRole("button", { name: "Preview" }).click();
  const dropped = form.getByRole("table", { name: "Partitions that would be dropped" });
  await expect(form.getByRole("status")).toContainText("the next maintenance run drops");
  await expect(dropped.getByRole("row", { name: new RegExp(month(-2)) })).toBeVisible();
  await expect(dropped.getByRole("row", { name: new RegExp(month(0)) })).toHaveCount(0);
  await expect(dropped.getByRole("row", { name: /telemetry_samples_default/ })).toHaveCount(0);
  await page.screenshot({ path: shot("preview"), fullPage: true });

  // A changed number must be previewed again before it can be saved.
  await keep.fill("3650");
  await expect(form.getByRole("button", { name: "Save retention" })).toHaveCount(0);
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByRole("status")).toContainText("Keeping 3,650 days, nothing would be dropped now.");
  await form.getByRole("button", { name: "Save retention" }).click();
  await expect(form.getByText("Saved: raw telemetry keeps 3,650 days.")).toBeVisible();
  await expect(page.getByText("one partition per month. Keeps 3,650 days.")).toBeVisible();

  await keep.fill("");
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByRole("status")).toContainText("nothing would be dropped now");
  await form.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByText("one partition per month. Keeps everything (no retention).")).toBeVisible();
});

test("the retention page is for administrators only", async ({ page }) => {
  await signIn(page, "supervisor", "/admin/retention");
  await expect(page.getByText("Data retention is for administrators.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Retention of raw telemetry" })).toHaveCount(0);
});
