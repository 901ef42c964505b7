import path from "node:path";

import { expect, type Page } from "@playwright/test";
import mqtt from "mqtt";

import { createSqlClient } from "@/db";

import { test, type NewContext } from "../fixtures/contexts";
import { e2eEnvironment } from "../fixtures/environment";
import { emptyPortalUrl, plantAdmin, signInAsPlantAdmin } from "../fixtures/onboarding";

/**
 * A plant's first day on the empty portal of scripts/e2e-server.ts (`npm start -- --empty`):
 * the first administrator from the setup code the server printed, then the team, the
 * equipment, master data and a work order, and units over MQTT on every screen. Setup
 * happens once, so the two run in order and a retry would find it done: no retries.
 */
test.use({ baseURL: emptyPortalUrl });
test.describe.configure({ mode: "serial", retries: 0 });

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

const examples = ["parts.csv", "bom.csv", "routing.csv", "characteristics.csv", "documents.csv"].map((f) => path.join("docs/examples", f));
const stations = [
  ["P1-010", "Housing and O-ring"],
  ["P1-020", "Motor module"],
  ["P1-030", "Impeller"],
  ["P1-040", "Controller board"],
  ["P1-050", "Leak test"],
  ["P1-060", "Performance test"],
] as const;
const team = [
  { role: "engineer", name: "Erik Engineer" },
  { role: "planner", name: "Paula Planner" },
  { role: "supervisor", name: "Sven Supervisor" },
  { role: "quality", name: "Quinn Quality" },
  { role: "operator", name: "Olga Operator" },
  { role: "manager", name: "Mia Manager" },
  { role: "viewer", name: "Vic Viewer" },
] as const;
const temporaryPassword = "harbour violet engine 42";
const ownPassword = (role: string) => `quiet marble rivers ${role.length * 7} lanterns`;
const emailOf = (role: string) => `${role}@northwind.example`;

/** Whether the worker stored `steps` process steps of the pumps and has no hour left to roll up (server/kpis/rollups.ts). */
async function isRolledUp(databaseUrl: string, steps: number) {
  const sql = createSqlClient(databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ stored: number; dirty: number }[]>`
      select (select count(*)::int from process_steps ps join units u on u.id = ps.unit_id where u.serial like 'HP25-%') as stored,
             (select count(*)::int from kpi_dirty_hours) as dirty`;
    return row?.stored === steps && row.dirty === 0;
  } finally {
    await sql.end();
  }
}

/** A new user's first sign-in: the temporary password, then a password of their own. */
async function firstSignIn(newContext: NewContext, role: string, callbackPath: string): Promise<Page> {
  const page = await (await newContext({ baseURL: emptyPortalUrl })).newPage();
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  await page.getByLabel("E-mail").fill(emailOf(role));
  await page.getByLabel("Password").fill(temporaryPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
  await page.getByLabel("Current password").fill(temporaryPassword);
  await page.getByLabel("New password", { exact: true }).fill(ownPassword(role));
  await page.getByLabel("New password again").fill(ownPassword(role));
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByTestId("user-name")).toBeVisible();
  await page.goto(callbackPath);
  return page;
}

test("the first day: users, a site in Chicago with its line, the example master data, a released work order, and units from MQTT on every screen", async ({ page, newContext }) => {
  test.setTimeout(240_000);
  await signInAsPlantAdmin(page, "/admin");

  // A user per role, each with a temporary password.
  const addUser = page.getByRole("form", { name: "Add a user" });
  for (const member of team) {
    await addUser.getByLabel("Name").fill(member.name);
    await addUser.getByLabel("E-mail").fill(emailOf(member.role));
    await addUser.getByLabel("Role").selectOption(member.role);
    await addUser.getByLabel("Temporary password").fill(temporaryPassword);
    await addUser.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("row").filter({ hasText: emailOf(member.role) })).toContainText("Must choose a password");
  }

  // The plant: a site in its own time zone, an area, the line the example routing names, and its six stations.
  await page.goto("/admin/equipment");
  const tree = page.getByRole("region", { name: "Sites, areas, lines and stations" });
  await tree.getByRole("button", { name: "Add site" }).click();
  const siteForm = page.getByRole("form", { name: "New site" });
  await siteForm.getByLabel("Enterprise").fill("northwind");
  await siteForm.getByLabel("Code").fill("chicago");
  await siteForm.getByLabel("Name").fill("Northwind Chicago");
  await siteForm.getByLabel("Time zone").fill("America/Chicago");
  await siteForm.getByRole("button", { name: "Add" }).click();
  await expect(tree.getByRole("row").filter({ hasText: "Northwind Chicago" })).toContainText("America/Chicago");
  await tree.getByRole("button", { name: "Add area to site chicago" }).click();
  const areaForm = page.getByRole("form", { name: "New area in site chicago" });
  await areaForm.getByLabel("Code").fill("pumps");
  await areaForm.getByLabel("Name").fill("Pump assembly");
  await areaForm.getByRole("button", { name: "Add" }).click();
  await tree.getByRole("button", { name: "Add line to area pumps" }).click();
  const lineForm = page.getByRole("form", { name: "New line in area pumps" });
  await lineForm.getByLabel("Code").fill("P1");
  await lineForm.getByLabel("Name").fill("HydroPro line");
  await lineForm.getByLabel("Output target per hour").fill("30");
  await lineForm.getByRole("button", { name: "Add" }).click();
  for (const [code, name] of stations) {
    await tree.getByRole("button", { name: "Add station to line P1" }).click();
    const stationForm = page.getByRole("form", { name: "New station in line P1" });
    await stationForm.getByLabel("Code").fill(code);
    await stationForm.getByLabel("Name").fill(name);
    await stationForm.getByLabel("Ideal cycle time (s)").fill("45");
    await stationForm.getByRole("button", { name: "Add" }).click();
    await expect(stationForm).toHaveCount(0);
  }
  await expect(tree.getByRole("row").filter({ hasText: "P1-060" })).toContainText("Performance test");

  // The engineer imports the example parts, BOM, routing, characteristics and work instructions.
  const engineer = await firstSignIn(newContext, "engineer", "/master-data/import");
  await engineer.getByLabel("Import files").setInputFiles(examples);
  await engineer.getByRole("button", { name: "Check files" }).click();
  await expect(engineer.getByRole("region", { name: "Ready to import" }).getByRole("row", { name: /Parts/ })).toContainText("10");
  await engineer.getByRole("button", { name: "Import", exact: true }).click();
  await expect(engineer.getByRole("region", { name: "Imported" }).getByRole("row", { name: /Routing operations/ })).toContainText("6");

  // The planner creates the work order for the pump and releases it.
  const planner = await firstSignIn(newContext, "planner", "/work-orders");
  const woForm = planner.getByRole("form", { name: "New work order" });
  await woForm.getByLabel("Number").fill("WO-NW-0001");
  const hp25 = await woForm.getByLabel("Part").locator("option", { hasText: "HP25-ASM rev A" }).getAttribute("value");
  await woForm.getByLabel("Part").selectOption(hp25 ?? "");
  await woForm.getByLabel("Quantity").fill("40");
  await woForm.getByLabel("Line").selectOption("P1");
  await woForm.getByLabel("Serial prefix").fill("HP25-");
  await woForm.getByRole("button", { name: "Create work order" }).click();
  const order = planner.getByRole("row").filter({ hasText: "WO-NW-0001" });
  await order.getByRole("button", { name: "Release WO-NW-0001" }).click();
  await expect(order.getByText("released")).toBeVisible();

  // The line's PLCs report: every station running, four pumps through the six operations; the second fails its leak test once.
  const { mqttUrl, databaseUrl } = e2eEnvironment().emptyPortal;
  const client = await mqtt.connectAsync(mqttUrl, { clientId: `e2e-first-day-${Date.now()}`, protocolVersion: 4 });
  const topic = (station: string, kind: string) => `northwind/chicago/pumps/P1/${station}/${kind}`;
  const start = Date.now() - 150_000;
  const at = (offsetSeconds: number) => new Date(start + offsetSeconds * 1000).toISOString();
  try {
    for (const [code] of stations) await client.publishAsync(topic(code, "state"), JSON.stringify({ ts: at(0), state: "RUNNING" }), { qos: 1 });
    let t = 1;
    for (const n of [1, 2, 3, 4]) {
      const serial = `HP25-${String(n).padStart(4, "0")}`;
      for (const [i, [code]] of stations.entries()) {
        const operation = `OP${(i + 1) * 10}`;
        const unit = (result: string, measurements?: { name: string; value: number }[]) =>
          client.publishAsync(topic(code, "unit"), JSON.stringify({ ts: at(t++), serial, operation, result, workOrder: "WO-NW-0001", operator: "Olga", measurements }), { qos: 1 });
        if (operation === "OP50" && n === 2) await unit("FAIL", [{ name: "leak_rate", value: 3.4 }]);
        await unit("PASS", operation === "OP50" ? [{ name: "leak_rate", value: 0.6 }] : undefined);
      }
    }
    // A station silent for longer than its expected interval shows "no signal": each reports again now.
    for (const [code] of stations) await client.publishAsync(topic(code, "state"), JSON.stringify({ ts: new Date().toISOString(), state: code === "P1-050" ? "IDLE" : "RUNNING" }), { qos: 1 });
  } finally {
    await client.endAsync();
  }

  // The supervisor sees the line live.
  const supervisor = await firstSignIn(newContext, "supervisor", "/lines/P1");
  // The states came over MQTT; once the stations have been quiet past their interval the tiles say "No signal, last reported …".
  await expect(supervisor.locator('[data-station="P1-050"]')).toContainText(/Idle|last reported idle/);
  await expect(supervisor.locator('[data-station="P1-060"]')).toContainText(/Running|last reported running/);

  // Quality finds the pump that failed its leak test, with the measurement out of its limit.
  const quality = await firstSignIn(newContext, "quality", "/traceability");
  await quality.getByRole("searchbox", { name: /Search serial/ }).fill("HP25-0002");
  await quality.keyboard.press("Enter");
  await expect(quality).toHaveURL(/\/traceability\/units\/HP25-0002$/);
  await expect(quality.getByText("HP25-ASM rev A")).toBeVisible();
  await expect(quality.getByText("WO-NW-0001").first()).toBeVisible();

  // The manager reads first-pass yield for the day: three of four pumps right first time.
  const manager = await firstSignIn(newContext, "manager", "/kpis");
  await manager.getByRole("radio", { name: "Day" }).click();
  await expect(manager).toHaveURL(/window=day/);
  // The figures come from the hourly rollups the worker refreshes every KPI_ROLLUP_SECONDS: they count
  // the pumps once all their steps are stored and no hour is left marked for a refresh.
  await expect.poll(() => isRolledUp(databaseUrl, 4 * stations.length + 1), { timeout: 60_000 }).toBe(true);
  await manager.reload();
  const figures = manager.getByRole("region", { name: "Key figures" });
  await expect(figures.getByRole("link", { name: /^First-pass yield 75(\.0)? ?%/ })).toBeVisible();

  // The work order started with its first unit.
  await planner.reload();
  await expect(order.getByText("in progress")).toBeVisible();
});
