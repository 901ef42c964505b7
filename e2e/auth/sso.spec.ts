import { expect, test, type Page } from "@playwright/test";

import { createSqlClient } from "@/db";

import { e2eEnvironment } from "../fixtures/environment";
import { providerSwitch, ssoAccounts } from "../fixtures/oidc-provider";
import { demoUser } from "../fixtures/users";

// scripts/e2e-server.ts starts the OpenID provider and gives the portal its AUTH_OIDC_* settings.
const port = process.env.E2E_PORT ?? "3100";
const origins = { localhost: `http://localhost:${port}`, loopback: `http://127.0.0.1:${port}` };
const refusal = "Single sign-on did not sign you in";

/** A fresh browser session (portal and provider), then the SSO button and the provider's login; `beforeConsent` runs before the consent. */
async function signInWithSso(page: Page, account: keyof typeof ssoAccounts, origin = origins.localhost, beforeConsent?: () => Promise<unknown>) {
  await page.context().clearCookies();
  await page.goto(`${origin}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await page.getByPlaceholder("Enter any login").fill(account);
  await page.getByPlaceholder("and password").fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await beforeConsent?.();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function auditEntriesAfter(seq: number) {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    return await sql<{ action: string; entityId: string; data: { reason?: string; subject?: string } }[]>`
      select action, entity_id as "entityId", data from audit_log where seq > ${seq} and data->>'method' = 'sso' order by seq`;
  } finally {
    await sql.end();
  }
}

async function lastAuditSeq() {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ seq: number }[]>`select coalesce(max(seq), 0)::int as seq from audit_log`;
    return row?.seq ?? 0;
  } finally {
    await sql.end();
  }
}

test("single sign-on works at 127.0.0.1 as well as at localhost", async ({ page }) => {
  for (const origin of [origins.loopback, origins.localhost]) {
    await signInWithSso(page, "supervisor-sso", origin);
    await expect(page.getByTestId("user-name")).toHaveText(demoUser("supervisor").name);
    expect(page.url()).toBe(`${origin}/lines`);
  }
});

test("an unverified e-mail claim is refused; the first verified sign-in links the provider's subject to the user", async ({ page }) => {
  await signInWithSso(page, "quality-unverified");
  await expect(page.getByRole("alert").filter({ hasText: refusal })).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveCount(0);

  await signInWithSso(page, "quality-sso");
  await expect(page.getByTestId("user-name")).toHaveText(demoUser("quality").name);

  // Same verified address, another subject at the provider: the user is linked to the first one.
  await signInWithSso(page, "quality-second");
  await expect(page.getByRole("alert").filter({ hasText: refusal })).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveCount(0);
});

test("an e-mail address sent only in the userinfo response signs in", async ({ page }) => {
  await signInWithSso(page, "engineer-userinfo");
  await expect(page.getByTestId("user-name")).toHaveText(demoUser("engineer").name);
});

test("the provider's groups claim gives the role: a mapped group creates the user with the highest mapped role", async ({ page }) => {
  // AUTH_OIDC_ROLE_MAP = ssoRoleMap (e2e/fixtures/oidc-provider.ts): plant-admins → admin, plant-quality → quality.
  await signInWithSso(page, "grouped-nobody");
  await expect(page.getByRole("alert").filter({ hasText: refusal })).toBeVisible();

  await signInWithSso(page, "grouped-admin");
  await expect(page.getByTestId("user-name")).toHaveText("grouped-admin");
  await expect(page.getByTestId("user-role")).toHaveText("Administrator");
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();

  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    const [user] = await sql<{ role: string; hasPassword: boolean }[]>`
      select role, password_hash is not null as "hasPassword" from users where email = ${ssoAccounts["grouped-admin"].email}`;
    expect(user).toEqual({ role: "admin", hasPassword: false });
  } finally {
    await sql.end();
  }
});

test("single sign-ins and refusals are audited, a refusal with its reason", async ({ page }) => {
  const since = await lastAuditSeq();
  await signInWithSso(page, "quality-unverified");
  await expect(page.getByRole("alert").filter({ hasText: refusal })).toBeVisible();
  await signInWithSso(page, "supervisor-sso");
  await expect(page.getByTestId("user-name")).toHaveText(demoUser("supervisor").name);

  const entries = await auditEntriesAfter(since);
  expect(entries).toMatchObject([
    { action: "auth.sign_in_refused", data: { subject: "quality-unverified", reason: "the identity provider has not verified the e-mail address" } },
    { action: "auth.sign_in", data: { subject: "supervisor-sso" } },
  ]);
});

test("with the provider down the sign-in page says single sign-on is unavailable and the password still works", async ({ page, request }) => {
  const { oidcIssuer } = e2eEnvironment();
  const unavailable = page.getByRole("alert").filter({ hasText: "Single sign-on is unavailable" });
  try {
    // Down between the provider's login and the portal's code exchange.
    await signInWithSso(page, "supervisor-sso", origins.localhost, () => request.get(`${oidcIssuer}${providerSwitch.down}/token`));
    await expect(unavailable).toBeVisible();

    // Down when the button is pressed.
    await request.get(`${oidcIssuer}${providerSwitch.down}`);
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
    await expect(unavailable).toBeVisible();
    const user = demoUser("viewer");
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("user-name")).toHaveText(user.name);
  } finally {
    await request.get(`${oidcIssuer}${providerSwitch.up}`);
  }
});
