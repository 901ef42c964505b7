import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";
import { hashPassword } from "@/server/auth/password";
import { env } from "@/server/env";

import { e2eEnvironment } from "../fixtures/environment";

async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Next.js keeps an empty route announcer with the same role.
  return page.getByRole("alert").filter({ hasText: /\S/ });
}

test("a forged X-Forwarded-For does not change the address a failed sign-in is recorded under", async ({ page }) => {
  const email = `forged-${Date.now()}@threadline.demo`;
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.66" });
  await expect(await signInWith(page, email, "not the password")).toHaveText("Wrong e-mail address or password.");

  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    const rows = await sql<{ ip: string | null }[]>`select data->>'ip' as ip from audit_log where action = 'auth.sign_in_failed' and entity_id = ${email}`;
    // The web server runs without TRUSTED_PROXY_HOPS: the address is the connection's own.
    expect(rows.map((r) => r.ip)).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
  } finally {
    await sql.end();
  }
});

test("after too many wrong passwords the sign-in page says when to try again, even for the right password", async ({ page }) => {
  const email = `locked-${Date.now()}@threadline.demo`;
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    await sql`insert into users (email, name, role, password_hash) values (${email}, 'Lena Lockout', 'viewer', ${await hashPassword("the right one")})`;
  } finally {
    await sql.end();
  }
  for (let i = 0; i < env().SIGN_IN_MAX_FAILURES; i++) {
    await expect(await signInWith(page, email, `wrong ${i}`)).toHaveText("Wrong e-mail address or password.");
  }
  await expect(await signInWith(page, email, "the right one")).toHaveText(`Too many wrong passwords for this account. Try again in ${env().SIGN_IN_WINDOW_MINUTES} minutes.`);
  await expect(page).toHaveURL(/\/sign-in/);
});
