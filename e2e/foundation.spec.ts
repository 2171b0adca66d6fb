import { test as base, expect, type BrowserContextOptions } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, logIn } from "./helpers";

/**
 * The demo, as `npm run demo` serves it: the embedded PGlite database with the demo data of the README (project
 * "embedded" of playwright.config.ts), its users signed in through the login form once per worker. Its tests share
 * those users and run in order (one changes the admin's language and back).
 */
type Who = "admin" | "viewer" | "fr-admin";
type State = NonNullable<BrowserContextOptions["storageState"]>;
const test = base.extend<object, { logins: Record<Who, State> }>({
  logins: [
    async ({ browser }, provide, workerInfo) => {
      const logins = {} as Record<Who, State>;
      for (const who of ["admin", "viewer", "fr-admin"] as const) {
        const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
        const page = await context.newPage();
        await logIn(page, `${who}@demo.test`);
        await expect(page).toHaveURL(/\/telecom\/sms$/, { timeout: 30_000 }); // the first login warms the server up
        logins[who] = await context.storageState();
        await context.close();
      }
      await provide(logins);
    },
    { scope: "worker", timeout: 120_000 },
  ],
});

test.describe("as an administrator", () => {
  test.use({ storageState: async ({ logins }, provide) => provide(logins["admin"]) });

  test("lists the SMS accounts and opens Home with the exact balance", async ({ page }) => {
    // The rows' links are not prefetched: showing the list asks the server for none of the accounts' pages.
    const accountPages: string[] = [];
    page.on("request", (request) => {
      if (/\/telecom\/sms\/sms-/.test(request.url())) accountPages.push(request.url());
    });
    await page.goto("/telecom/sms");
    await page.waitForLoadState("networkidle");
    expect(accountPages).toEqual([]);
    await expect(page.getByRole("heading", { level: 1, name: "SMS accounts" })).toBeVisible();
    const row = page.getByRole("row", { name: /sms-ab12345-1/ });
    await expect(row).toContainText("Marketing campaigns");
    await expect(row).toContainText("412.5");
    await expect(page.getByRole("row", { name: /sms-ab12345-2/ })).toContainText("80");
    await expect(page.getByRole("row", { name: /sms-cd67890-1/ })).toHaveCount(0);
    await expectAccessible(page);

    await page.getByRole("link", { name: "sms-ab12345-1" }).click();
    await expect(page).toHaveURL(/\/telecom\/sms\/sms-ab12345-1$/);
    await expect(page.getByTestId("balance")).toHaveText(/412\.5\s*credits/);
    await expect(page.getByTestId("age")).toHaveText("1 year and 2 months");
    await expect(page.getByTestId("recredit-state")).toContainText("Do not top up");
    await expect(page.getByRole("table", { name: "Latest changes of the balance" })).toContainText("Transfer sent");
    await expect(page.getByRole("link", { name: "Home", exact: true })).toHaveAttribute("aria-current", "page");
    await expectAccessible(page);
  });

  test("pages the outgoing SMS, and finds the demo's order with its invoice", async ({ page }) => {
    // The Spring campaign's 60 SMS: 20 a page, older ones one link away, and back to the newest.
    await page.goto("/telecom/sms/sms-ab12345-1/send");
    const outgoing = page.getByTestId("outgoing").locator("li");
    await expect(outgoing).toHaveCount(20);
    const first = (await outgoing.first().textContent())!;
    await page.getByRole("link", { name: "Older SMS" }).click();
    await expect(page).toHaveURL(/\?before=\d+$/);
    await expect(outgoing).toHaveCount(20);
    await expect(outgoing.first()).not.toHaveText(first);
    await page.getByRole("link", { name: "Newest SMS" }).click();
    await expect(outgoing.first()).toHaveText(first);
    await expectAccessible(page);

    // The 100 credits bought two months ago: on the orders list, as an invoice with its seller and the mandate.
    await page.goto("/billing/orders");
    await page.getByRole("link", { name: /^Invoice / }).click();
    await expect(page.getByTestId("invoice-total")).toHaveText("£7.20");
    await expect(page.getByTestId("invoice-seller")).not.toBeEmpty();
    await expect(page.getByTestId("invoice")).toContainText("IE29 •••• •••• •••• •••• 78");
    await expect(page.getByRole("main")).toHaveCount(1);
  });

  test("edits a description and is refused one that is too long", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ab12345-2");
    await page.getByRole("button", { name: "Edit description" }).click();
    const field = page.getByLabel("Description");
    await field.fill("x".repeat(121));
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#description-error")).toHaveText("The description is too long (120 characters at most).");
    await expect(field).toHaveValue("x".repeat(121)); // the refused form comes back filled in
    await expect(page.getByTestId("description")).toHaveText("Order notifications");

    await field.fill("Order and delivery notifications");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("description-saved")).toHaveText("Description saved.");
    await expect(page.getByTestId("description")).toHaveText("Order and delivery notifications");
  });

  test("is keyboard usable and readable at 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/telecom/sms");
    await expectNoHorizontalScroll(page);
    // Skip link first, then into the page by keyboard only.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    // The header is one row; its Menu button opens the sections (current one marked) and the account controls.
    const header = page.getByRole("banner");
    expect((await header.boundingBox())!.height).toBeLessThan(80);
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(page.getByRole("link", { name: "Rates" })).toBeHidden();
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("link", { name: "Telecom › SMS" })).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Rates" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/telecom\/sms\/rates$/);
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(page.getByRole("link", { name: "Rates" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: "Telecom › SMS" })).not.toHaveAttribute("aria-current", "page");
    await page.getByRole("link", { name: "Rates" }).focus();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();
    // Tabbing past the menu's last control closes it too.
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await page.getByRole("button", { name: "Log out" }).focus();
    await page.keyboard.press("Tab");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await page.goto("/telecom/sms/sms-ab12345-1");
    await expectNoHorizontalScroll(page);
    await expect(page.getByTestId("balance")).toBeVisible();
    // The account's tabs stay on one row (it scrolls sideways inside itself, the page does not).
    const tabs = page.getByRole("navigation", { name: "SMS account sections" }).getByRole("link");
    const tops = new Set(await tabs.evaluateAll((links) => links.map((l) => Math.round(l.getBoundingClientRect().top))));
    expect(tops.size).toBe(1);
    const link = page.getByRole("link", { name: "Options › Automatic re-credit" });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/options\/recredit$/);
    await expectNoHorizontalScroll(page);
  });

  test("formats the balance in the user's language", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ab12345-1");
    // The language is in the account menu, on the right of the header; choosing one applies it at once.
    await page.getByTestId("account-menu").click();
    await page.getByLabel("Language").selectOption("fr");
    await expect(page.getByTestId("balance")).toHaveText(/412,5\s*crédits/);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr-FR");
    await page.getByTestId("account-menu").click();
    await page.getByLabel("Langue").selectOption("en");
    await expect(page.getByTestId("balance")).toHaveText(/412\.5\s*credits/);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: async ({ logins }, provide) => provide(logins["viewer"]) });

  test("sees the balance but no control to change anything", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ab12345-1");
    await expect(page.getByTestId("balance")).toHaveText(/412\.5/);
    await expect(page.getByText("Your role can view this account but not change it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit description" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Transfer credits" }).last()).toBeVisible(); // the tab, read-only page
    await expect(page.locator("main").getByRole("link", { name: "Transfer credits" })).toHaveCount(1);
    // Every page that changes something says so, and shows no form to fill in.
    for (const [path, text] of [
      ["/telecom/sms/sms-ab12345-1/transfer", "Your role can see transfers but not make them."],
      ["/telecom/sms/sms-ab12345-1/buy", "Your role cannot buy credits."],
      ["/telecom/sms/sms-ab12345-1/options/recredit", "Your role can see these settings but not change them."],
      ["/telecom/sms/sms-ab12345-1/send", "Only administrators can send SMS."],
      ["/billing/payment-methods", "Your role can see the payment methods but not change them."],
    ]) {
      await page.goto(path!);
      await expect(page.getByText(text!, { exact: false })).toBeVisible();
      await expect(page.locator("main form")).toHaveCount(0);
    }
  });
});

test.describe("across tenants", () => {
  test.use({ storageState: async ({ logins }, provide) => provide(logins["fr-admin"]) });

  test("another customer's SMS account is a 404, with no data", async ({ page }) => {
    const response = await page.goto("/telecom/sms/sms-ab12345-1");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expect(page.getByText("412")).toHaveCount(0);
    await expect(page.getByText("Marketing campaigns")).toHaveCount(0);
    const unknown = await page.goto("/telecom/sms/sms-does-not-exist");
    expect(unknown?.status()).toBe(404);
  });

  test("sees only its own SMS accounts, in French", async ({ page }) => {
    await page.goto("/telecom/sms");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Comptes SMS");
    await expect(page.getByRole("link", { name: "sms-cd67890-1" })).toBeVisible();
    await expect(page.getByRole("link", { name: /sms-ab12345/ })).toHaveCount(0);
    await page.goto("/telecom/sms/sms-cd67890-1");
    await expect(page.getByTestId("balance")).toHaveText(/1\s000\s*crédits/);
  });
});

test.describe("signing in", () => {
  test("a wrong password is refused without saying whether the e-mail exists", async ({ page }) => {
    await logIn(page, "billing@demo.test", "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("The e-mail or the password is incorrect.");
    await expect(page.getByLabel("E-mail")).toHaveValue("billing@demo.test");
    await logIn(page, "nobody@demo.test", "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("The e-mail or the password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("pages need a session, and come back after logging in", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ab12345-2");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftelecom%2Fsms%2Fsms-ab12345-2/);
    await expectAccessible(page);
    await page.getByLabel("E-mail").fill("viewer@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/telecom\/sms\/sms-ab12345-2$/);
    await page.getByTestId("account-menu").click(); // the account menu, on the right of the header
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/telecom/sms");
    await expect(page).toHaveURL(/\/login/);
  });

  test("responses carry a content security policy and refuse framing", async ({ request }) => {
    const res = await request.get("/login");
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(await res.text()).not.toContain("argon2");
  });
});

test("the server refuses a viewer's change even from a form the page never showed them", async ({ browser, logins }) => {
  // An admin's page with the edit form open, whose session is then swapped for a viewer's: the action must refuse.
  const context = await browser.newContext({ storageState: logins.admin });
  const page = await context.newPage();
  await page.goto("/telecom/sms/sms-ab12345-3");
  await page.getByRole("button", { name: "Edit description" }).click();
  await page.getByLabel("Description").fill("Changed by a viewer");
  const viewer = await browser.newContext({ storageState: logins.viewer });
  await context.clearCookies();
  await context.addCookies(await viewer.cookies());
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("description-error")).toHaveText(
    "Your role does not allow this change. Ask an administrator of your customer account.",
  );
  await page.reload();
  await expect(page.getByTestId("description")).toHaveText("Two-factor codes");
  await viewer.close();
  await context.close();
});
