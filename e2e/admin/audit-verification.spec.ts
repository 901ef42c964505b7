import { existsSync, readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eAnchorFile, e2eEnvironment } from "../fixtures/environment";
import { signIn } from "../fixtures/users";

// Written next to the test results; copy one into docs/screenshots when the page's look changes on purpose.
const shot = (name: string) => test.info().outputPath(`admin-audit-${name}.png`);

test("an administrator verifies the audit chain, sees it anchored, and sees newest entries cut by a superuser reported", async ({ page }) => {
  // The worker exports the head as it starts.
  await expect.poll(() => existsSync(e2eAnchorFile()) && readFileSync(e2eAnchorFile(), "utf8").includes('"entries":')).toBe(true);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, "admin", "/admin");
  const audit = page.getByRole("region", { name: "Audit log" });
  const verify = audit.getByRole("button", { name: "Verify audit chain" });

  await verify.click();
  const intact = audit.getByRole("status", { name: "Audit chain verification" });
  await expect(intact).toContainText(/Chain intact up to entry \d+/);
  await expect(intact).toContainText("Anchored now:");
  await expect(intact.getByText("Problem", { exact: true })).toHaveCount(0);
  await audit.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("intact"), fullPage: true });

  // A superuser switches the append-only guard off and deletes the newest entries; one session keeps them aside.
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    await sql`create temporary table cut_entries as select * from audit_log where seq > (select max(seq) - 3 from audit_log)`;
    await sql`alter table audit_log disable trigger audit_log_append_only`;
    await sql`delete from audit_log where seq in (select seq from cut_entries)`;
    await sql`alter table audit_log enable trigger audit_log_append_only`;

    await verify.click();
    const broken = audit.getByRole("alert", { name: "Audit chain verification" });
    await expect(broken).toContainText(/Truncated: the anchor of \S+ says (\d+) entries with head [0-9a-f]{12}…, the database has \d+: entries \d+–\d+ are missing\./);
    await expect(broken).toContainText("Chain broken");
    await page.screenshot({ path: shot("truncated"), fullPage: true });

    await sql`alter table audit_log disable trigger audit_log_append_only`;
    await sql`insert into audit_log select * from cut_entries`;
    await sql`alter table audit_log enable trigger audit_log_append_only`;
  } finally {
    await sql.end();
  }
  await verify.click();
  await expect(audit.getByRole("status", { name: "Audit chain verification" })).toContainText("Anchored now:");
});
