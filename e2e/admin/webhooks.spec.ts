import { expect, test } from "@playwright/test";

import { verifyWebhookSignature } from "@/server/webhooks/signature";
import { startReceiver } from "@/server/webhooks/test-support";

import { signIn } from "../fixtures/users";

test("an administrator subscribes a receiver, sends it a signed test event, sees the delivery and replays it", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signIn(page, "admin", "/admin");
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();

    const form = page.getByRole("form", { name: "Create a webhook" });
    await form.getByLabel("Name").fill("E2E receiver");
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel(/Alarm raised/).check();
    await form.getByRole("button", { name: "Create webhook" }).click();
    const secret = await page.getByLabel("Signing secret of E2E receiver").inputValue();
    expect(secret).toMatch(/^whsec_/);

    const row = page.getByRole("row", { name: /E2E receiver/ });
    await row.getByRole("button", { name: "Send test event to E2E receiver" }).click();
    const log = page.getByRole("region", { name: "Deliveries of E2E receiver" });
    await expect(log.getByRole("row", { name: /webhook\.test/ })).toContainText("Delivered 200");
    // The subscription's row follows the worker's attempt without a reload.
    await expect(row).not.toContainText("never");
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    expect(verifyWebhookSignature(secret, String(first?.headers["threadline-signature"]), first?.body ?? "")).toBe(true);
    const eventId = String(first?.headers["threadline-event-id"]);

    await log.getByRole("button", { name: `Replay event ${eventId}` }).click();
    await expect(log.getByRole("row", { name: /webhook\.test/ })).toHaveCount(2);
    expect(receiver.received.map((r) => r.headers["threadline-event-id"])).toEqual([eventId, eventId]);
    await page.screenshot({ path: test.info().outputPath("webhooks.png"), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: test.info().outputPath("webhooks-tablet.png"), fullPage: true });
  } finally {
    await receiver.stop();
  }
});
