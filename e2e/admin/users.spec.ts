import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

test("an administrator adds a user under the password policy, who then must choose their own password", async ({ page }) => {
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

});
