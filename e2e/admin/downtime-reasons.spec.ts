import { expect, test } from "@playwright/test";
import mqtt from "mqtt";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

test("an administrator adds a downtime reason that supervisors then offer, and retires it", async ({ page }) => {
  await signIn(page, "admin", "/admin");
  const reasons = page.getByRole("region", { name: "Downtime reasons" });
  const form = reasons.getByRole("form", { name: "Downtime reason" });
  await form.getByLabel("Code").fill("x");
  await form.getByLabel("Reason").fill("Hydraulic leak");
  await form.getByLabel("Category").fill("Breakdown");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(reasons.getByRole("alert")).toContainText("A code is 2 to 16 letters");
  await form.getByLabel("Code").fill("hyd");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(reasons.getByRole("row").filter({ hasText: "HYD" })).toContainText("Hydraulic leak");
  await page.screenshot({ path: test.info().outputPath("admin.png"), fullPage: true });

  // A station stops and runs again: its downtime can now be given the new reason.
  const client = await mqtt.connectAsync(e2eEnvironment().mqttUrl, { clientId: `e2e-reasons-${Date.now()}`, protocolVersion: 4 });
  const station = "acme/hamburg/pumps/P1/P1-020/state";
  await client.publishAsync(station, JSON.stringify({ ts: new Date(Date.now() - 60_000).toISOString(), state: "DOWN" }), { qos: 1 });
  await client.publishAsync(station, JSON.stringify({ ts: new Date().toISOString(), state: "RUNNING" }), { qos: 1 });
  await client.endAsync();
  await page.goto("/lines/P1");
  const picker = page.getByRole("combobox", { name: /Reason for P1-020 down/ }).first();
  await expect(picker.getByRole("option", { name: "Breakdown: Hydraulic leak" })).toHaveCount(1);

  await page.goto("/admin");
  await reasons.getByRole("button", { name: "Retire HYD" }).click();
  await expect(reasons.getByRole("row").filter({ hasText: "HYD" })).toContainText("Retired");
  await page.goto("/lines/P1");
  await expect(page.getByRole("combobox", { name: /Reason for P1-020 down/ }).first()).toBeVisible();
  await expect(page.getByRole("combobox", { name: /Reason for P1-020 down/ }).first().getByRole("option", { name: "Breakdown: Hydraulic leak" })).toHaveCount(0);
});
