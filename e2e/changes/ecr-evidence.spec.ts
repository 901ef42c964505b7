import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

/** A unit of the e2e server's seeded database with a measurement outside its limits. */
async function unitWithFailedMeasurement() {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ serial: string; stepId: string; name: string }[]>`
      select u.serial, ps.id::text as "stepId", m.name from measurements m
      join process_steps ps on ps.id = m.step_id join units u on u.id = ps.unit_id
      where not m.is_pass and u.serial like 'CP40-%' order by ps.id limit 1`;
    if (!row) throw new Error("the e2e seed has no failed measurement on a pump");
    return row;
  } finally {
    await sql.end();
  }
}

test("an ECR raised from an as-built record links its measurement, and carries attached files", async ({ page, browser }) => {
  const failed = await unitWithFailedMeasurement();
  await signIn(page, "engineer", `/traceability/units/${failed.serial}`);
  await page.getByRole("link", { name: "Raise ECR" }).click();
  const form = page.getByRole("form", { name: "New change request" });
  await form.getByLabel("Problem").fill(`${failed.name} out of its limits on ${failed.serial}; see the photo of the part.`);
  await form.getByRole("button", { name: "Create request" }).click();
  await expect(page).toHaveURL(/\/changes\/ecrs\/ECR-\d{4}$/);
  const ecrPath = new URL(page.url()).pathname;

  const attachments = page.getByRole("region", { name: "Attachments" });
  await expect(attachments).toContainText("No files attached.");
  await attachments.getByLabel("Attach files").setInputFiles([
    { name: "torque-trace.csv", mimeType: "text/csv", buffer: Buffer.from("t,torque\n0,1.2\n1,4.8\n") },
    { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) },
  ]);
  await expect(attachments.getByRole("alert")).toHaveText("empty.txt is empty.");
  await expect(attachments.getByRole("link", { name: "torque-trace.csv" })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), attachments.getByRole("link", { name: "torque-trace.csv" }).click()]);
  expect(download.suggestedFilename()).toBe("torque-trace.csv");
  expect(await readFile(await download.path(), "utf8")).toBe("t,torque\n0,1.2\n1,4.8\n");
  await expect(page.getByRole("heading", { name: "History" }).locator("..")).toContainText("torque-trace.csv");
  await page.screenshot({ path: test.info().outputPath("ecr-with-evidence-and-files.png"), fullPage: true });

  // A viewer sees and downloads the files but is offered no upload or removal.
  const viewer = await browser.newPage();
  await signIn(viewer, "viewer", ecrPath);
  const viewerFiles = viewer.getByRole("region", { name: "Attachments" });
  await expect(viewerFiles.getByRole("link", { name: "torque-trace.csv" })).toBeVisible();
  await expect(viewerFiles.getByText("Attach files")).toHaveCount(0);
  await expect(viewerFiles.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await viewer.close();

  // The measurement evidence leads to its step in the unit's as-built record.
  // A unit that failed the same check on a second attempt has a link per attempt: follow the first's.
  const evidence = page.getByRole("region", { name: "Evidence" }).getByRole("link", { name: new RegExp(`measurement ${failed.name} on ${failed.serial}`) });
  await evidence.and(page.locator(`a[href$="#step-${failed.stepId}"]`)).click();
  await expect(page).toHaveURL(new RegExp(`/traceability/units/${failed.serial}#step-${failed.stepId}$`));
  await expect(page.locator(`#step-${failed.stepId}`)).toBeInViewport();

  await page.goto(ecrPath);
  await page.getByRole("button", { name: "Remove torque-trace.csv" }).click();
  await expect(attachments).toContainText("No files attached.");
});
