import { expect, test } from "@playwright/test";

import { demoUser, signInWithPassword } from "../fixtures/users";

// Every test here goes through the sign-in form: these are the specs of signing in (the others reuse a session).

test("a supervisor signs in, sees the shell with their role, and signs out", async ({ page }) => {
  await signInWithPassword(page, demoUser("supervisor"));
  await expect(page).toHaveURL(/\/lines$/);
  await expect(page.getByTestId("user-role")).toHaveText("Supervisor");
  const nav = page.getByRole("navigation", { name: "Main" });
  // Supervisors look up units and lots; administration is not theirs, so the shell does not offer it.
  for (const item of ["Lines", "Traceability", "Changes", "KPIs"]) await expect(nav.getByRole("link", { name: item })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: /Pump line 1/ })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/lines");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a quality engineer signs in and can use traceability", async ({ page }) => {
  await signInWithPassword(page, demoUser("quality"));
  await expect(page.getByTestId("user-role")).toHaveText("Quality");
  await page.getByRole("searchbox", { name: /Search serial/ }).fill("CP40-0000001");
  await page.keyboard.press("Enter");
  // An exact serial goes straight to the unit's as-built record.
  await expect(page).toHaveURL(/\/traceability\/units\/CP40-0000001$/);
  await expect(page.getByText("CP40-ASM rev A")).toBeVisible();
});

test("a manager reads traceability and SPC but is offered nothing to change", async ({ page }) => {
  await signInWithPassword(page, demoUser("manager"), "/kpis");
  await expect(page.getByTestId("user-role")).toHaveText("Manager");
  await page.getByRole("link", { name: "SPC control charts" }).click();
  await expect(page.getByRole("heading", { name: "SPC control charts" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Raise ECR" })).toHaveCount(0);
  await page.goto("/changes");
  await expect(page.getByRole("link", { name: "New ECR" })).toHaveCount(0);
});

test("a wrong password shows a clear message and keeps the address", async ({ page }) => {
  const user = demoUser("engineer");
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail address or password." })).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveValue(user.email);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a viewer opening an admin page is told it is not for their role", async ({ page }) => {
  await signInWithPassword(page, demoUser("viewer"));
  await page.goto("/admin");
  await expect(page.getByRole("alert").filter({ hasText: "Not available for your role" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});
