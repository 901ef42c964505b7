import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { demoUser, signIn } from "../fixtures/users";

// The viewer follows nothing by default, so their inbox holds exactly what this spec delivers.
test("a notification shows on the bell, opening it reads it and leads to its page; the settings save", async ({ page }) => {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const [viewer] = await sql<{ id: number }[]>`select id from users where email = ${demoUser("viewer").email}`;
  const userId = viewer?.id ?? 0;
  const deliver = (type: string, line: string | null, summary: string, link: string | null) => sql`
    insert into notifications (user_id, event_id, type, occurred_at, line, summary, link, data)
    values (${userId}, ${randomUUID()}, ${type}, now(), ${line}, ${summary}, ${link}, '{}'::jsonb)`;
  try {
    await deliver("alarm.raised", "P1", "P1-010 e-stop pressed.", null);
    await deliver("eco.released", null, "ECO-0001 was released to the work orders.", "/changes/ecos/ECO-0001");

    await signIn(page, "viewer");
    const bell = page.getByRole("link", { name: "Inbox, 2 unread" });
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
    const list = page.getByRole("list", { name: "Notifications" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect(list.getByRole("listitem").first()).toContainText("Change order released");
    await page.screenshot({ path: test.info().outputPath("inbox.png"), fullPage: true });

    await list.getByRole("link", { name: "ECO-0001 was released to the work orders." }).click();
    await expect(page).toHaveURL(/\/changes\/ecos\/ECO-0001$/);
    await expect(page.getByRole("link", { name: "Inbox, 1 unread" })).toBeVisible();
    const [read] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is not null`;
    expect(read?.n).toBe(1);

    await page.goto("/account/notifications");
    const form = page.getByRole("form", { name: "Notification settings" });
    await form.getByRole("checkbox", { name: "Alarm raised" }).check();
    await form.getByRole("checkbox", { name: "P1", exact: true }).check();
    await form.getByLabel("E-mail", { exact: true }).selectOption("digest");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(form.getByRole("checkbox", { name: "Alarm raised" })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: "P1", exact: true })).toBeChecked();
    await expect(form.getByLabel("E-mail", { exact: true })).toHaveValue("digest");
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: test.info().outputPath("notification-settings-tablet.png"), fullPage: true });
  } finally {
    await sql`delete from notifications where user_id = ${userId}`;
    await sql`delete from notification_preferences where user_id = ${userId}`;
    await sql.end();
  }
});
