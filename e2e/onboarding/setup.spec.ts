import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { emptyPortalUrl, plantAdmin, signInAsPlantAdmin } from "../fixtures/onboarding";

// The empty portal of scripts/e2e-server.ts: a plant's first start (`npm start -- --empty`).
test.use({ baseURL: emptyPortalUrl });

async function submitSetup(page: Page, fields: { code: string; password: string }) {
  await page.getByLabel("Setup code").fill(fields.code);
  await page.getByLabel("Your name").fill(plantAdmin.name);
  await page.getByLabel("E-mail").fill(plantAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  await page.getByLabel("Password again").fill(fields.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
}

test("the first visit creates the administrator with the setup code the server printed", async ({ page }) => {
  const { setupCode, databaseUrl } = e2eEnvironment().emptyPortal;

  // Any page, and the sign-in page, lead to the setup while there is no user.
  await page.goto("/lines");
  await expect(page).toHaveURL(`${emptyPortalUrl}/setup`);
  await expect(page.getByRole("heading", { name: "Set up Threadline" })).toBeVisible();
  await page.goto("/sign-in");
  await expect(page).toHaveURL(`${emptyPortalUrl}/setup`);

  await submitSetup(page, { code: "AAAA-BBBB-CCCC", password: plantAdmin.password });
  await expect(page.getByRole("alert").filter({ hasText: "Wrong setup code" })).toBeVisible();
  // What was typed stays, apart from the passwords.
  await expect(page.getByLabel("E-mail")).toHaveValue(plantAdmin.email);

  await submitSetup(page, { code: setupCode, password: "password1234" });
  await expect(page.getByRole("alert").filter({ hasText: "This password is too easy to guess." })).toBeVisible();

  await submitSetup(page, { code: setupCode, password: plantAdmin.password });
  await expect(page.getByTestId("user-name")).toHaveText(plantAdmin.name);
  await expect(page.getByTestId("user-role")).toHaveText("Administrator");
  await expect(page).toHaveURL(`${emptyPortalUrl}/lines`);
  await expect(page.getByText("No lines yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();

  // Done once: /setup is gone, the code is useless, and the administrator signs in like anyone.
  expect((await page.request.get("/setup")).status()).toBe(404);
  await page.context().clearCookies();
  await page.goto("/lines");
  await expect(page).toHaveURL(/\/sign-in/);
  await signInAsPlantAdmin(page);

  const sql = createSqlClient(databaseUrl, { max: 1 });
  try {
    const rows = await sql<{ role: string; action: string; method: string }[]>`
      select u.role, a.action, a.data->>'method' as method from users u join audit_log a on a.entity_id = u.id::text and a.action = 'user.created'`;
    expect(rows).toEqual([{ role: "admin", action: "user.created", method: "setup code" }]);
    expect(await sql`select 1 from setup_code`).toHaveLength(0);
    // No demo data came with it.
    expect(await sql`select 1 from sites`).toHaveLength(0);
  } finally {
    await sql.end();
  }
});
