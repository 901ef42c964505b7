import { expect, test } from "@playwright/test";

import { signIn, signOut } from "../fixtures/users";

test("an administrator adds a user, who must choose their own password at first sign-in", async ({ page }) => {
  const email = `new.planner.${Date.now()}@plant.example`;
  await signIn(page, "admin", "/admin");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Name").fill("Nora Planner");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Role").selectOption("planner");
  await form.getByLabel("Temporary password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("alert")).toContainText("at least 12 characters");
  await form.getByLabel("Temporary password").fill("Monday crane tulip 58");
  await form.getByRole("button", { name: "Add user" }).click();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row.getByText("Must choose a password")).toBeVisible();
  await expect(row.getByRole("combobox", { name: "Role of Nora Planner" })).toHaveValue("planner");

  await signOut(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("Monday crane tulip 58");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
  // Nothing else opens before the password is changed.
  await page.goto("/work-orders");
  await expect(page).toHaveURL(/\/account\/password$/);

  await page.getByLabel("Current password").fill("Monday crane tulip 58");
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("New password again").fill("password1234");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("too easy to guess");
  await page.getByLabel("New password", { exact: true }).fill("Orchard lantern copper 19");
  await page.getByLabel("New password again").fill("Orchard lantern copper 19");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/lines$/);
  await expect(page.getByTestId("user-role")).toHaveText("Planner");
});
