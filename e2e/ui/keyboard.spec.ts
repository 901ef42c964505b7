import { expect, test, type Page } from "@playwright/test";

import { demoUser, signIn } from "../fixtures/users";

/**
 * Every action is reachable by keyboard: Tab walks the controls in order, each shows where the
 * focus is, and a form, a table's row actions, the navigation and a disclosure work with keys alone.
 */
interface Stop {
  name: string;
  hasRing: boolean;
  isOnScreen: boolean;
}

/** Presses Tab and says where the focus went and whether it can be seen there (an outline or a ring). */
async function tab(page: Page, key = "Tab"): Promise<Stop | null> {
  await page.keyboard.press(key);
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    const name = (el.getAttribute("aria-label") ?? label ?? el.innerText ?? el.tagName).trim().replace(/\s+/g, " ");
    return {
      name: `${el.tagName.toLowerCase()} "${name.slice(0, 60)}"`,
      hasRing: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
      isOnScreen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < window.innerHeight,
    };
  });
}

/** Tabs until the focused control's name matches, checking every stop on the way; fails after `limit` stops. */
async function tabTo(page: Page, name: RegExp, limit = 80) {
  for (let i = 0; i < limit; i++) {
    const stop = await tab(page);
    if (!stop) continue;
    expect.soft(stop.hasRing, `focus ring on ${stop.name}`).toBe(true);
    expect.soft(stop.isOnScreen, `${stop.name} is on screen when focused`).toBe(true);
    if (name.test(stop.name)) return stop;
  }
  throw new Error(`no control named ${name} within ${limit} Tab presses`);
}

/** Tabs through the whole page once (until the focus leaves it), checking every stop; returns their names. */
async function walk(page: Page, limit = 150) {
  const names: string[] = [];
  for (let i = 0; i < limit; i++) {
    const stop = await tab(page);
    if (!stop) break;
    expect.soft(stop.hasRing, `focus ring on ${stop.name}`).toBe(true);
    expect.soft(stop.isOnScreen, `${stop.name} is on screen when focused`).toBe(true);
    names.push(stop.name);
  }
  return names;
}

test("sign in with the keyboard alone", async ({ page }) => {
  const user = demoUser("supervisor");
  await page.goto("/sign-in?callbackUrl=%2Flines");
  await tabTo(page, /"E-mail"/);
  await page.keyboard.type(user.email);
  await tabTo(page, /"Password"/);
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("user-name")).toHaveText(user.name);
});

test("the shell: skip link first, then the navigation, each link opens with Enter", async ({ page }) => {
  await signIn(page, "supervisor");
  await page.goto("/lines");
  await expect(page.getByRole("link", { name: "TV mode" })).toBeVisible();
  const skip = await tab(page);
  expect(skip?.name).toBe('a "Skip to content"');
  expect(skip?.isOnScreen).toBe(true);
  expect(skip?.hasRing).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // From the page's start the next stop is inside it, past the navigation and header.
  const next = await tab(page);
  expect(await page.evaluate(() => document.querySelector("main")?.contains(document.activeElement))).toBe(true);
  expect(next?.hasRing).toBe(true);

  await page.goto("/lines");
  await expect(page.getByRole("link", { name: "TV mode" })).toBeVisible();
  await tabTo(page, /^a "Work orders"$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/work-orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Work orders" })).toBeVisible();
  await tabTo(page, /^button "Sign out"$/);
});

test("admin: every control shows its focus; a form and a table's row actions work by keyboard", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  await page.goto("/admin");
  await expect(page.getByRole("button", { name: "Verify audit chain" })).toBeVisible();
  const names = await walk(page);
  expect(names).toContain('button "Verify audit chain"');
  expect(names.some((n) => /^select "Role of /.test(n))).toBe(true);

  // Add a downtime reason: Tab into the form, type, Enter submits.
  await page.goto("/admin");
  const reasons = page.getByRole("region", { name: "Downtime reasons" });
  await tabTo(page, /^input "Code"$/, 150);
  await page.keyboard.type("KBD");
  await tabTo(page, /^input "Reason"$/);
  await page.keyboard.type("Keyboard-only test stop");
  await tabTo(page, /^input "Category"$/);
  await page.keyboard.type("Breakdown");
  await page.keyboard.press("Enter");
  const row = reasons.getByRole("row").filter({ hasText: "KBD" });
  await expect(row).toContainText("Keyboard-only test stop");

  // Retire it from its row with the keyboard, then restore it.
  await page.goto("/admin");
  await tabTo(page, /^button "Retire KBD"$/, 150);
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Retired");
  await page.goto("/admin");
  await tabTo(page, /^button "Restore KBD"$/, 150);
  await page.keyboard.press(" ");
  await expect(row).not.toContainText("Retired");

  // The audit check, started with the keyboard.
  await tabTo(page, /^button "Verify audit chain"$/, 150);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status", { name: "Audit chain verification" })).toContainText("Chain verified");
});

test("a disclosure (cancel an ECO) opens with the keyboard and its field takes focus", async ({ page }) => {
  await signIn(page, "engineer");
  await page.goto("/changes/ecos/ECO-0002");
  await expect(page.getByRole("heading", { name: "Review board" })).toBeVisible();
  await tabTo(page, /Cancel this order/, 150);
  await page.keyboard.press("Enter");
  await tabTo(page, /^textarea "Why is it cancelled\?"$/, 3);
  await page.keyboard.type("Not needed");
  await expect(page.getByLabel("Why is it cancelled?")).toHaveValue("Not needed");
});
