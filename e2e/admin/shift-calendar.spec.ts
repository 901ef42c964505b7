import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

const shot = (page: Page, name: string, width: number) => page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
const berlinDate = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const berlinHour = (at: Date) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(at));

test("an administrator gives a line its own shifts and holidays, and the line page shows the shift they make", async ({ page }) => {
  // A line of its own (another on a retry), so the demo lines other specs read keep the default pattern.
  const code = `SC${test.info().retry + 1}`;
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const [line] = await sql<{ id: number }[]>`
    insert into lines (area_id, code, name, target_per_hour, position)
    select area_id, ${code}, 'Calendar test line', 20, 99 from lines where code = 'P1' returning id`;
  await sql`insert into stations (line_id, code, name, position, ideal_cycle_seconds, accepted_at) values (${line!.id}, ${`${code}-010`}, 'Press', 1, 30, now())`;
  await sql.end();

  await signIn(page, "admin", "/admin/equipment");
  await page.getByRole("region", { name: "Sites, areas, lines and stations" }).getByRole("link", { name: `Shift calendar of line ${code}` }).click();
  await expect(page.getByRole("heading", { name: `Shift calendar: ${code} Calendar test line` })).toBeVisible();
  const form = page.getByRole("form", { name: "Shift calendar" });
  const pattern = page.getByRole("region", { name: "Shift pattern" });
  await expect(pattern).toContainText("the line works the default three shifts");
  await pattern.getByRole("button", { name: "Start from the default" }).click();

  // An early shift running into the late one is refused with the day it clashes on.
  await pattern.getByLabel("Shift 1 end").fill("15:00");
  await page.getByRole("button", { name: "Save calendar" }).click();
  await expect(form.getByRole("alert")).toContainText("Shifts Early and Late overlap on Mon");

  // Two 12-hour shifts, the second overnight; a lunch break.
  await pattern.getByRole("button", { name: "Remove shift 3" }).click();
  await pattern.getByLabel("Shift 1 name").fill("Day");
  await pattern.getByLabel("Shift 1 end").fill("18:00");
  await pattern.getByLabel("Shift 2 name").fill("Evening");
  await pattern.getByLabel("Shift 2 start").fill("18:00");
  await pattern.getByLabel("Shift 2 end").fill("06:00");
  for (const day of ["Sat", "Sun"]) {
    await pattern.getByRole("group", { name: "Shift 1 weekdays" }).getByLabel(day).check();
    await pattern.getByRole("group", { name: "Shift 2 weekdays" }).getByLabel(day).check();
  }
  const stops = page.getByRole("region", { name: "Planned stops" });
  await stops.getByRole("button", { name: "Add planned stop" }).click();
  await expect(stops.getByLabel("Planned stop 1 reason")).toHaveValue("Break");
  await page.getByRole("button", { name: "Save calendar" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");

  const expected = berlinHour(new Date()) >= 6 && berlinHour(new Date()) < 18 ? "Day shift 06:00–18:00" : "Evening shift 18:00–06:00";
  await page.goto(`/lines/${code}`);
  await expect(page.getByTestId("line-shift")).toContainText(expected);
  await expect(page.getByTestId("line-shift")).toContainText("(Europe/Berlin)");

  // Today and yesterday off: no shift now, and the live view names the last one.
  await page.goto(`/admin/equipment/lines/${line!.id}/calendar`);
  const holidays = page.getByRole("region", { name: "Holidays and shutdown days" });
  await expect(holidays.getByRole("button", { name: "Add holiday" })).toBeVisible();
  const now = new Date();
  for (const [i, at, name] of [
    [1, new Date(now.getTime() - 24 * 3600_000), "Shutdown"],
    [2, now, "Shutdown"],
    [3, now, "Twice"],
  ] as const) {
    await holidays.getByRole("button", { name: "Add holiday" }).click();
    await holidays.getByLabel(`Holiday ${i} date`).fill(berlinDate(at));
    await holidays.getByLabel(`Holiday ${i} name`).fill(name);
  }
  await page.getByRole("button", { name: "Save calendar" }).click();
  await expect(form.getByRole("alert")).toContainText(`The holiday ${berlinDate(now)} is listed twice.`);
  await holidays.getByRole("button", { name: "Remove holiday 3" }).click();
  await page.getByRole("button", { name: "Save calendar" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, "shift-calendar", width);
  }

  await page.goto(`/lines/${code}`);
  await expect(page.getByTestId("line-shift")).toContainText("No shift now · last: Evening 18:00–06:00");
  await page.goto("/lines");
  await expect(page.getByTestId(`shift-${code}`)).toContainText("No shift now");
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, "lines-with-calendar", width);
  }
});
