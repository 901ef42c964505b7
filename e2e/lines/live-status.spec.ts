import { expect, test } from "@playwright/test";
import mqtt from "mqtt";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

const topic = (station: string, kind: string) => `acme/hamburg/pumps/P2/${station}/${kind}`;

async function publish(messages: { topic: string; payload: Record<string, unknown> }[]) {
  const client = await mqtt.connectAsync(e2eEnvironment().mqttUrl, { clientId: `e2e-publisher-${Date.now()}`, protocolVersion: 4 });
  try {
    for (const m of messages) await client.publishAsync(m.topic, JSON.stringify(m.payload), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

test("a supervisor sees a station go down live, acknowledges its alarm and gives the downtime a reason", async ({ page }) => {
  await signIn(page, "supervisor");
  const tile = page.getByRole("listitem", { name: /^P2-030 / });
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const downAt = new Date();

  await publish([
    { topic: topic("P2-030", "state"), payload: { ts: downAt.toISOString(), state: "DOWN", reason: "GUARD_OPEN" } },
    { topic: topic("P2-030", "alarm"), payload: { ts: downAt.toISOString(), code: "GUARD_OPEN", severity: "critical", message: "Safety guard opened during cycle", active: true } },
  ]);
  // No reload: the tile changes through the event stream.
  await expect(tile.getByTestId("station-state")).toHaveText(/^Down/);
  await expect(tile).toContainText("GUARD_OPEN");

  await page.getByRole("link", { name: "Pump line 2 (CP-60)" }).click();
  const alarm = page.getByRole("list", { name: "Alarms" }).getByRole("listitem").filter({ hasText: "Safety guard opened during cycle" });
  await expect(alarm).toContainText("active");
  await alarm.getByRole("button", { name: /Acknowledge/ }).click();
  await expect(alarm).toContainText("ack. Sam Petersen");

  // The station runs again: the DOWN interval is closed and can be classified.
  await publish([{ topic: topic("P2-030", "state"), payload: { ts: new Date().toISOString(), state: "RUNNING" } }]);
  await expect(page.getByRole("listitem", { name: /^P2-030 Running/ })).toBeVisible();
  const reason = page.getByRole("combobox", { name: /Reason for P2-030 down/ }).first();
  await reason.selectOption({ label: "Breakdown: Mechanical failure" });
  await expect(page.getByTestId("timeline-P2-030").locator('[data-reason="Mechanical failure"]')).toHaveCount(1);
  await expect(page.getByRole("table")).toContainText("by Sam Petersen");
});

test("a viewer sees the line but no controls to acknowledge or classify", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/lines/P2");
  await expect(page.getByRole("heading", { name: "Alarms" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /Reason for/ })).toHaveCount(0);
});

test("TV mode shows a line in large type without navigation", async ({ page }) => {
  await signIn(page, "viewer");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/tv?line=P1");
  await expect(page.getByRole("heading", { name: "Pump line 1 (CP-40)" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  // One tile per station of the line in service (other specs may add stations to it).
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from stations s join lines l on l.id = s.line_id where l.code = 'P1' and s.retired_at is null`;
  await sql.end();
  expect(n).toBeGreaterThanOrEqual(6);
  await expect(page.getByRole("listitem")).toHaveCount(n);
});
