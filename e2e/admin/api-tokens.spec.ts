import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures/users";

const shot = (name: string) => test.info().outputPath(`admin-api-tokens-${name}.png`);

test("an administrator creates an API token shown once, an ERP uses it from another origin, and revocation shuts it out", async ({ page, context, playwright, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, "admin", "/admin");
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();

  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Name").fill("SAP ERP");
  await form.getByLabel("Role").selectOption("planner");
  await form.getByLabel("work-orders:write").check();
  await form.getByLabel("work-orders:read").check();
  await form.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByRole("status").filter({ hasText: "shown only this once" });
  const field = shown.getByLabel("API token for SAP ERP");
  await expect(field).toHaveValue(/^tl_[A-Za-z0-9_-]{43}$/);
  const token = await field.inputValue();
  await shown.getByRole("button", { name: "Copy" }).click();
  await expect(shown.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await page.screenshot({ path: shot("created-1440"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.screenshot({ path: shot("created-1024"), fullPage: true });

  const row = page.getByRole("row", { name: /SAP ERP/ });
  await expect(row).toContainText(token.slice(0, 11));
  await expect(row).toContainText("work-orders:write, work-orders:read");
  await page.reload();
  await expect(page.getByText("shown only this once")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  // The ERP: no cookies, another origin, a bearer token.
  const erp = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: "http://erp.example", authorization: `Bearer ${token}` } });
  const body = { number: "WO-E2E-API-1", partNumber: "CP40-ASM", qty: 3, line: "P1" };
  const created = await erp.post("/api/v1/work-orders", { data: body, headers: { "idempotency-key": "e2e-1" } });
  expect(created.status()).toBe(200);
  expect(await created.json()).toMatchObject({ number: "WO-E2E-API-1", status: "planned" });
  const replay = await erp.post("/api/v1/work-orders", { data: body, headers: { "idempotency-key": "e2e-1" } });
  expect(replay.headers()["idempotency-replayed"]).toBe("true");
  const refused = await erp.get("/api/v1/units/CP40-0000001/record");
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  const openapi = await erp.get("/api/openapi.json");
  expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");

  // The administrator's own cookie does not make a cross-origin change, token or not.
  const withCookie = await page.request.post("/api/v1/work-orders", { data: { ...body, number: "WO-E2E-API-2" }, headers: { origin: "http://erp.example", authorization: `Bearer ${token}` } });
  expect(withCookie.status()).toBe(403);

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.getByRole("row", { name: /SAP ERP/ }).getByRole("button", { name: "Revoke SAP ERP" }).click();
  await expect(page.getByRole("row", { name: /SAP ERP/ })).toContainText("Revoked");
  await expect(page.getByRole("row", { name: /SAP ERP/ })).not.toContainText("never");
  const afterRevoke = await erp.get("/api/v1/work-orders");
  expect(afterRevoke.status()).toBe(401);
  expect(await afterRevoke.json()).toMatchObject({ detail: "This API token has been revoked." });
  await erp.dispose();

  await page.goto("/api-reference");
  await expect(page.getByRole("row", { name: /POST \/api\/v1\/work-orders\b/ }).first()).toBeVisible();
  await page.screenshot({ path: shot("reference-1440"), fullPage: true });
});
