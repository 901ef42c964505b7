import { expect, test, type Page } from "@playwright/test";

import { demoUser, signIn } from "../fixtures/users";
import { portalOrigin } from "../fixtures/foreign-site";

// Each is a way to write "another host" that a prefix check on "/" lets through.
const foreignTargets = ["/%5Cevil.example/", "//evil.example/", "/%09/evil.example/", "/.//evil.example/", "%5C%5Cevil.example", "http://evil.example/", "/%5C/evil.example/", "javascript:alert(1)"];

function trackHosts(page: Page) {
  const hosts = new Set<string>();
  page.on("request", (request) => hosts.add(new URL(request.url()).host));
  return hosts;
}

test("a signed-in user opening the sign-in page with a foreign callbackUrl stays in the portal", async ({ page }) => {
  await signIn(page, "viewer");
  const hosts = trackHosts(page);
  for (const target of foreignTargets) {
    await page.goto(`/sign-in?callbackUrl=${target}`).catch(() => null);
    await expect(page, target).toHaveURL(`${portalOrigin()}/lines`);
  }
  expect([...hosts]).toEqual([new URL(portalOrigin()).host]);

  // The portal's own paths still work as targets.
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/kpis?window=day")}`);
  await expect(page).toHaveURL(`${portalOrigin()}/kpis?window=day`);
});

test("signing in with a foreign callbackUrl lands on the portal", async ({ page }) => {
  const hosts = trackHosts(page);
  const user = demoUser("quality");
  await page.goto("/sign-in?callbackUrl=/%5Cevil.example/");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("user-name")).toHaveText(user.name);
  await expect(page).toHaveURL(`${portalOrigin()}/lines`);
  expect([...hosts]).toEqual([new URL(portalOrigin()).host]);
});

test("next-auth's own endpoints redirect only within the portal", async ({ page }) => {
  const user = demoUser("viewer");
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const callbackUrl of ["/\\evil.example/", "http://evil.example/", "//evil.example"]) {
    const response = await page.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: user.email, password: user.password, callbackUrl },
      maxRedirects: 0,
    });
    const location = new URL(response.headers().location ?? "", portalOrigin());
    expect(location.origin, callbackUrl).toBe(portalOrigin());
    expect(location.pathname, callbackUrl).not.toMatch(/^\/\//);
  }
});
