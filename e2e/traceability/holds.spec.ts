import { expect, test, type Page } from "@playwright/test";
import mqtt from "mqtt";

import { demoPassword } from "@/db/seed/factory";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn, signOut } from "../fixtures/users";

const shot = (name: string) => test.info().outputPath(`${name}.png`);

/** A unit step at P1-010 that consumes `lot`, as a station reports it (docs/mqtt-contract.md). */
async function consume(serial: string, lot: string) {
  const client = await mqtt.connectAsync(e2eEnvironment().mqttUrl, { clientId: `e2e-holds-${Date.now()}`, protocolVersion: 4 });
  await client.publishAsync(
    "acme/hamburg/pumps/P1/P1-010/unit",
    JSON.stringify({ ts: new Date().toISOString(), serial, operation: "OP10", result: "PASS", partNumber: "CP40-ASM", components: [{ partNumber: "HSG-40", lot }] }),
    { qos: 1 },
  );
  await client.endAsync();
}

async function openLot(page: Page, lot: string) {
  await page.goto(`/traceability/lots/${lot}`);
  await expect(page.getByRole("heading", { name: lot })).toBeVisible();
}

// docs/holds.md: held material worked on at a station is flagged there, and quality releases the lot with an e-signature.
test("a held lot consumed at a station shows on the line; quality releases it with a signature and the history says who and why", async ({ page }) => {
  const stamp = Date.now().toString(36).toUpperCase();
  const lot = `HSG-40-E2E${stamp}`;
  const [first, second] = [`CP40-E2E${stamp}-1`, `CP40-E2E${stamp}-2`];

  await consume(first, lot);
  await signIn(page, "quality", `/traceability/lots/${lot}`);
  await expect(page.getByRole("heading", { name: /Where used: 1 unit/ })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Put all 1 on hold" }).click();
  await page.getByLabel("Reason").fill("Supplier notice: porosity in housings");
  await page.getByRole("button", { name: "Confirm hold of all" }).click();
  await expect(page.getByRole("status")).toContainText("1 units put on hold");

  await consume(second, lot);
  await signOut(page);
  await signIn(page, "supervisor", "/lines/P1");
  const banner = page.getByRole("region", { name: "Holds" });
  await expect(banner).toContainText(`Lot ${lot} is on hold but was consumed by ${second} at OP10`, { timeout: 15_000 });
  await page.screenshot({ path: shot("line-hold-banner"), fullPage: false });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: shot("line-hold-banner-tablet"), fullPage: false });
  await page.setViewportSize({ width: 1440, height: 900 });
  await banner.getByRole("link", { name: "lot record" }).first().click();
  await expect(page.getByRole("heading", { name: lot })).toBeVisible();
  // A supervisor sees the history but may not release.
  await expect(page.getByRole("region", { name: "Hold history" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Release lot" })).toHaveCount(0);

  await signOut(page);
  await signIn(page, "quality", `/traceability/lots/${lot}`);
  await openLot(page, lot);
  await page.getByRole("button", { name: "Release lot" }).click();
  await page.getByLabel("Reason").fill("Housings X-rayed: no porosity");
  await page.getByLabel("Your password (e-signature)").fill("wrong password");
  await page.getByRole("button", { name: "Sign release" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("Wrong password: the signature was not recorded.");
  await page.getByLabel("Your password (e-signature)").fill(demoPassword);
  await page.getByRole("button", { name: "Sign release" }).click();
  await expect(page.getByRole("status")).toContainText(`${lot} released as quality`);
  const history = page.getByRole("region", { name: "Hold history" });
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("Released");
  await expect(history.getByRole("listitem").first()).toContainText("signed: released as quality");
  await expect(history.getByRole("listitem").nth(1)).toContainText("Supplier notice: porosity in housings");
  await page.screenshot({ path: shot("lot-released"), fullPage: true });

  await page.goto("/lines/P1");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(`Lot ${lot} is on hold`)).toHaveCount(0);
});
