import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";
import { parseIsa95Topic } from "@/server/ingest/records";
import { StationResolver } from "@/server/ingest/station-resolver";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

const shot = (page: Page, name: string, width: number) => page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });

test("an administrator sets up a site in its own time zone with a line and two stations, renames one and retires it", async ({ page }) => {
  await signIn(page, "admin", "/admin/equipment");
  const tree = page.getByRole("region", { name: "Sites, areas, lines and stations" });

  await tree.getByRole("button", { name: "Add site" }).click();
  const siteForm = page.getByRole("form", { name: "New site" });
  await siteForm.getByLabel("Code").fill("austin");
  await siteForm.getByLabel("Name").fill("Acme Austin");
  await siteForm.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await siteForm.getByRole("button", { name: "Add" }).click();
  await expect(siteForm.getByRole("alert")).toContainText('"Mars/Olympus_Mons" is not a time zone name');
  await siteForm.getByLabel("Time zone").fill("America/Chicago");
  await siteForm.getByRole("button", { name: "Add" }).click();
  await expect(tree.getByRole("row").filter({ hasText: "Acme Austin" })).toContainText("America/Chicago");

  await tree.getByRole("button", { name: "Add area to site austin" }).click();
  const areaForm = page.getByRole("form", { name: "New area in site austin" });
  await areaForm.getByLabel("Code").fill("assembly");
  await areaForm.getByLabel("Name").fill("Assembly hall");
  await areaForm.getByRole("button", { name: "Add" }).click();

  await tree.getByRole("button", { name: "Add line to area assembly" }).click();
  const lineForm = page.getByRole("form", { name: "New line in area assembly" });
  await lineForm.getByLabel("Code").fill("A1");
  await lineForm.getByLabel("Name").fill("Austin line 1");
  await lineForm.getByLabel("Output target per hour").fill("15");
  await lineForm.getByRole("button", { name: "Add" }).click();

  for (const [code, name] of [
    ["A1-010", "Press"],
    ["A1/020", "Leak test"],
  ] as const) {
    await tree.getByRole("button", { name: "Add station to line A1" }).click();
    const stationForm = page.getByRole("form", { name: "New station in line A1" });
    await stationForm.getByLabel("Code").fill(code);
    await stationForm.getByLabel("Name").fill(name);
    await stationForm.getByLabel("Ideal cycle time (s)").fill("32.5");
    await stationForm.getByRole("button", { name: "Add" }).click();
    if (code.includes("/")) {
      await expect(stationForm.getByRole("alert")).toContainText("A code is an MQTT topic level");
      await stationForm.getByLabel("Code").fill("A1-020");
      await stationForm.getByRole("button", { name: "Add" }).click();
    }
    // The form closes once the station is stored; only then is the next one added.
    await expect(stationForm).toHaveCount(0);
  }
  await expect(tree.getByRole("row").filter({ hasText: "A1-020" })).toContainText("ideal 32.5 s");

  await tree.getByRole("button", { name: "Edit station A1-020" }).click();
  const editForm = page.getByRole("form", { name: "Edit station A1-020" });
  await editForm.getByLabel("Code").fill("A1-010");
  await editForm.getByRole("button", { name: "Save" }).click();
  await expect(editForm.getByRole("alert")).toHaveText('Another station on this line already has the code "A1-010".');
  await shot(page, "equipment-edit-refused", 1366);
  await editForm.getByLabel("Code").fill("A1-030");
  await editForm.getByLabel("Name").fill("Final leak test");
  await editForm.getByRole("button", { name: "Save" }).click();
  await expect(tree.getByRole("row").filter({ hasText: "Final leak test" })).toContainText("A1-030");

  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, "equipment", width);
  }

  await page.goto("/lines");
  await expect(page.locator('[data-station="A1-030"]')).toHaveCount(1);
  await page.goto("/admin/equipment");
  await tree.getByRole("button", { name: "Retire station A1-030" }).click();
  await expect(tree.getByRole("row").filter({ hasText: "Final leak test" })).toHaveCount(0);
  await tree.getByLabel("Show retired").check();
  await expect(tree.getByRole("row").filter({ hasText: "Final leak test" })).toContainText("Retired");
  await page.goto("/lines");
  await expect(page.locator('[data-station="A1-010"]')).toHaveCount(1);
  await expect(page.locator('[data-station="A1-030"]')).toHaveCount(0);
});

test("a station the worker registered on its own is reviewed and accepted under a proper code", async ({ page }) => {
  // The worker's own registration code, as INGEST_AUTO_REGISTER=true runs it on an unknown topic.
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const topic = parseIsa95Topic("acme/hamburg/pumps/P1/p1-70/state");
  if (!topic) throw new Error("bad topic");
  await new StationResolver(() => sql, { autoRegister: true }).resolve({ type: "path", key: topic.key, path: topic.path });
  await sql.end();

  await signIn(page, "admin", "/admin/equipment");
  const review = page.getByRole("region", { name: "Auto-registered stations to review" });
  const row = review.getByRole("row").filter({ hasText: "acme/hamburg/pumps/P1/p1-70" });
  await row.getByLabel("Code for acme/hamburg/pumps/P1/p1-70").fill("P1 070");
  await row.getByRole("button", { name: "Accept" }).click();
  await expect(row.getByRole("alert")).toContainText("A code is an MQTT topic level");
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, "equipment-review", 1440);
  await row.getByLabel("Code for acme/hamburg/pumps/P1/p1-70").fill("P1-070");
  await row.getByLabel("Name for acme/hamburg/pumps/P1/p1-70").fill("End-of-line check");
  await row.getByRole("button", { name: "Accept" }).click();
  await expect(review).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Sites, areas, lines and stations" }).getByRole("row").filter({ hasText: "P1-070" })).toContainText("End-of-line check");
});
