import { expect, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";
import { demoPassword } from "@/db/seed/factory";

import { test, type NewContext } from "../fixtures/contexts";
import { e2eEnvironment } from "../fixtures/environment";
import { signInAs } from "../fixtures/users";

const ELENA = "engineer@threadline.demo";
const ERIK = "engineer2@threadline.demo";
const QUINN = "quality@threadline.demo";
const SAM = "supervisor@threadline.demo";

async function as(newContext: NewContext, email: string, path: string) {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await signInAs(page, email, path);
  return page;
}

function plantToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

async function signEco(page: Page, password: string) {
  const form = page.getByRole("form", { name: "Sign this change order" });
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign" }).click();
}

test("an ECR raised, reviewed, ordered, signed and released reaches the open work orders", async ({ newContext }) => {
  test.setTimeout(180_000);
  const title = `Bearing references on the motor ${Date.now().toString(36)}`;

  // Elena raises the request from a prefilled link, as an as-built record would.
  const elena = await as(newContext, ELENA, `/changes/ecrs/new?part=MTR-075&evidence=unit:M075-0000001&title=${encodeURIComponent(title)}`);
  const ecrForm = elena.getByRole("form", { name: "New change request" });
  await expect(ecrForm.getByLabel("Title")).toHaveValue(title);
  await expect(ecrForm.getByRole("checkbox", { name: /MTR-075/ })).toBeChecked();
  await expect(ecrForm.getByLabel("Evidence 1 reference")).toHaveValue("M075-0000001");
  await ecrForm.getByLabel("Problem").fill("Bearings are fitted without reference designators; rework cannot tell B1 from B2.");
  await ecrForm.getByLabel("Priority").selectOption("high");
  await ecrForm.getByRole("button", { name: "Create request" }).click();
  await expect(elena).toHaveURL(/\/changes\/ecrs\/ECR-\d{4}$/);
  const ecrNumber = elena.url().split("/").pop() ?? "";
  await elena.getByRole("button", { name: "Submit for review" }).click();
  await expect(elena.getByRole("heading", { name: "History" }).locator("..")).toContainText("submitted it for review");
  await expect(elena.getByRole("button", { name: "Start review" })).toHaveCount(0);

  // Erik reviews and approves it, then writes the order.
  const erik = await as(newContext, ERIK, "/changes");
  await expect(erik.getByRole("region", { name: /Waiting for me/ })).toContainText(ecrNumber);
  await erik.goto(`/changes/ecrs/${ecrNumber}`);
  await erik.getByRole("button", { name: "Start review" }).click();
  await erik.getByRole("button", { name: "Approve request" }).click();
  await expect(erik.getByText("approved", { exact: true }).first()).toBeVisible();
  await erik.getByRole("link", { name: "Write ECO" }).click();
  const ecoForm = erik.getByRole("form", { name: "New change order" });
  await expect(ecoForm.getByRole("checkbox", { name: new RegExp(ecrNumber) })).toBeChecked();
  await ecoForm.getByLabel("Title").fill("MTR-075: reference designators on the bearings");
  await ecoForm.getByLabel("Description").fill("BOM line for BRG-6201 gets reference designators B1, B2.");
  await ecoForm.getByLabel("Effective date", { exact: true }).fill(plantToday());
  await ecoForm.getByRole("button", { name: "Create order" }).click();
  await expect(erik).toHaveURL(/\/changes\/ecos\/ECO-\d{4}$/);
  const ecoNumber = erik.url().split("/").pop() ?? "";

  await erik.getByText(/Edit BOM and routing of rev/).click();
  const editor = erik.getByRole("form", { name: /Edit MTR-075 rev/ });
  const bearingRow = editor.getByRole("row").filter({ has: erik.locator("select option:checked", { hasText: "BRG-6201" }) });
  await bearingRow.getByLabel(/Reference designator/).fill("B1, B2");
  await editor.getByRole("button", { name: /Save MTR-075 rev/ }).click();
  const bomDiff = erik.getByRole("table", { name: /BOM of MTR-075/ });
  await expect(bomDiff.locator('tr[data-diff="changed"]')).toContainText("B1, B2");
  await expect(bomDiff.locator('tr[data-diff="changed"]')).toContainText("BRG-6201");

  // Impact is shown before anyone signs; remember the work orders it will move.
  const impact = erik.getByRole("region", { name: "Impact before release" });
  await expect(impact).toContainText("Open work orders switching to rev");
  const movedOrders = await impact.locator("li span.font-mono").allTextContents();
  expect(movedOrders.length).toBeGreaterThan(0);
  await erik.getByRole("button", { name: "Submit for review" }).click();
  await expect(erik.getByRole("region", { name: "Review board" })).toContainText("awaiting signature");
  await expect(erik.getByRole("region", { name: "Review board" })).toContainText("You wrote this order; the author does not sign it.");
  await expect(erik.getByRole("form", { name: "Sign this change order" })).toHaveCount(0);

  // Elena signs for engineering: a wrong password is refused first.
  await elena.goto(`/changes/ecos/${ecoNumber}`);
  await signEco(elena, "not-my-password");
  await expect(elena.getByRole("alert").filter({ hasText: "Wrong password: the signature was not recorded." })).toBeVisible();
  // It counts against her account like a failed sign-in, under the address it came from (docs/security.md).
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  const failed = await sql<{ ip: string }[]>`select data->>'ip' as ip from audit_log where action = 'auth.signature_failed' and data->>'eco' = ${ecoNumber}`;
  await sql.end();
  expect(failed.map((f) => f.ip)).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
  await signEco(elena, demoPassword);
  await expect(elena.getByRole("region", { name: "Review board" })).toContainText("You have signed this version.");
  await expect(elena.getByRole("region", { name: "Review board" }).getByRole("list", { name: "Signatures" })).toContainText("approved as engineer");

  // Quinn signs for quality.
  const quinn = await as(newContext, QUINN, `/changes/ecos/${ecoNumber}`);
  await signEco(quinn, demoPassword);
  await expect(quinn.getByRole("region", { name: "Review board" })).toContainText("You have signed this version.");
  await expect(quinn.getByRole("region", { name: "Review board" }).getByRole("list", { name: "Signatures" })).toContainText("approved as quality");
  await expect(quinn.getByRole("button", { name: /Release/ })).toHaveCount(0);

  // Erik releases; the open work orders now build the new revision.
  await erik.reload();
  await expect(erik.getByText("approved", { exact: true })).toBeVisible();
  await erik.getByRole("button", { name: "Release to production" }).click();
  await expect(erik.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(erik.getByText("released", { exact: true }).first()).toBeVisible();
  await expect(erik.getByRole("region", { name: "Did it work?" })).toBeVisible();

  await erik.goto("/changes/parts/MTR-075");
  const released = erik.getByRole("row").filter({ has: erik.getByRole("link", { name: ecoNumber }) }).filter({ has: erik.getByText("released", { exact: true }) });
  for (const wo of movedOrders) await expect(released).toContainText(wo);

  // The motor line's supervisor sees the notice on the Lines page.
  const sam = await as(newContext, SAM, "/lines");
  await expect(sam.getByRole("region", { name: "Change notices" })).toContainText(`${ecoNumber} released`);
});

test("a role outside the change process sees no authoring or signing controls", async ({ newContext }) => {
  const viewer = await as(newContext, "viewer@threadline.demo", "/changes");
  await expect(viewer.getByRole("heading", { name: "Changes", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New ECR" })).toHaveCount(0);
  await viewer.goto("/changes/ecrs/new");
  await expect(viewer.getByRole("alert").filter({ hasText: "Not available for your role" })).toBeVisible();
  await viewer.goto("/changes/ecos/ECO-0002");
  await expect(viewer.getByRole("form", { name: "Sign this change order" })).toHaveCount(0);
});

test("an author withdraws an unreleased order, and must say why", async ({ newContext }) => {
  const erik = await as(newContext, ERIK, "/changes/ecos/new?ecr=ECR-0001");
  const form = erik.getByRole("form", { name: "New change order" });
  await form.getByLabel("Title").fill("CP-40: O-ring from a second supplier");
  await form.getByLabel("Description").fill("Qualify a second FKM O-ring supplier for CP40-ASM.");
  await form.getByLabel("Effective date", { exact: true }).fill(plantToday());
  await form.getByRole("button", { name: "Create order" }).click();
  await expect(erik).toHaveURL(/\/changes\/ecos\/ECO-\d{4}$/);

  await erik.getByText("Cancel this order…").click();
  await erik.getByRole("button", { name: "Cancel order" }).click();
  await expect(erik.getByRole("alert").filter({ hasText: "Say why" })).toHaveText("Say why the order is cancelled (at least 5 characters).");
  await erik.getByLabel("Why is it cancelled?").fill("The supplier could not meet the FKM grade.");
  await erik.getByRole("button", { name: "Cancel order" }).click();
  await expect(erik.getByRole("status").filter({ hasText: "Cancelled" })).toContainText("The supplier could not meet the FKM grade.");
  await expect(erik.getByText("cancelled", { exact: true }).first()).toBeVisible();
  await expect(erik.getByRole("heading", { name: "History" }).locator("..")).toContainText("cancelled it");
  await expect(erik.getByText("Cancel this order…")).toHaveCount(0);
  await erik.screenshot({ path: test.info().outputPath("eco-cancelled.png"), fullPage: true });
});
