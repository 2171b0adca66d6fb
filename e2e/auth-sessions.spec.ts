import type { Browser, Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expect, test, type SeededUser } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, expectNoHorizontalScroll, logIn } from "./helpers";

// Users of their own (e2e/fixtures.ts), signed in through a session of their own in a browser of its own.
type SignIn = (user: SeededUser, target?: Page) => Promise<void>;

async function signedIn(browser: Browser, signIn: SignIn, user: SeededUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(user, page);
  await page.goto("/telecom/sms");
  await expect(page).toHaveURL(/\/telecom\/sms$/);
  return page;
}

test("a cookie copied before logout neither loads a page nor renews through /api/auth/session", async ({ browser, seed, signIn }) => {
  const page = await signedIn(browser, signIn, (await seed()).admin);
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.endsWith("authjs.session-token"))).toBe(true);
  const live = await page.request.get("/api/auth/session");
  expect((await live.json())?.expires).toBeTruthy();

  await page.getByTestId("account-menu").click(); // the account menu, on the right of the header
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The session endpoint does not renew it: no session, and the cookie is cleared.
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const renewed = await thief.request.get("/api/auth/session");
  expect(renewed.status()).toBe(200);
  expect(await renewed.json()).toBeNull();
  const setCookie = renewed.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value).join("\n");
  expect(setCookie).not.toMatch(/authjs\.session-token=ey/);

  // Nor does a page load: the login page, and the dead cookie is gone.
  const other = await browser.newContext();
  await other.addCookies(copied);
  const stolen = await other.newPage();
  await stolen.goto("/telecom/sms");
  await expect(stolen).toHaveURL(/\/login$/);
  await expect(stolen.getByRole("heading", { name: "Log in" })).toBeVisible();
  expect((await other.cookies()).some((c) => c.name.endsWith("authjs.session-token"))).toBe(false);
  await stolen.goto("/account/security");
  await expect(stolen).toHaveURL(/\/login/);
});

test("log out everywhere ends the sessions of every browser", async ({ browser, seed, signIn }) => {
  const { admin } = await seed();
  const first = await signedIn(browser, signIn, admin);
  const second = await signedIn(browser, signIn, admin);
  await first.goto("/account/security");
  await expect(first.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expect(first.getByTestId("current-session")).toHaveCount(1);
  await expect(first.getByTestId("other-session")).toHaveCount(1);
  await first.getByRole("button", { name: "Log out everywhere" }).click();
  await expect(first).toHaveURL(/\/login/);
  await second.goto("/telecom/sms");
  await expect(second).toHaveURL(/\/login$/);
});

test("a password change ends the other browsers' sessions and keeps this one", async ({ browser, seed, signIn }) => {
  test.slow(); // four argon2 checks and a hash
  const { admin } = await seed();
  const email = admin.email;
  const page = await signedIn(browser, signIn, admin);
  const elsewhere = await signedIn(browser, signIn, admin);
  await page.goto("/account/security");

  await page.getByLabel("Current password").fill(DEMO_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("New password again").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 12 characters.").first()).toBeVisible();
  await expect(elsewhere.goto("/telecom/sms").then(() => elsewhere.url())).resolves.toMatch(/\/telecom\/sms$/);

  const next = "a much longer passphrase";
  await page.getByLabel("Current password").fill(DEMO_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password again").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-result")).toHaveText("Your password is changed. 1 other session was ended.");
  // The values typed are not sent back in the page.
  expect(await page.content()).not.toContain(next);

  await elsewhere.goto("/telecom/sms");
  await expect(elsewhere).toHaveURL(/\/login$/);
  await page.goto("/telecom/sms");
  await expect(page).toHaveURL(/\/telecom\/sms$/);
  await logIn(elsewhere, email, DEMO_PASSWORD);
  await expect(elsewhere.getByTestId("login-error")).toHaveText("The e-mail or the password is incorrect.");
  await logIn(elsewhere, email, next);
  await expect(elsewhere).toHaveURL(/\/telecom\/sms$/);
});

test("turns on two-step login, then logs in with a code and with a recovery code", async ({ browser, seed, signIn }) => {
  test.slow(); // four logins (argon2) and an accessibility check
  const { admin } = await seed();
  const email = admin.email;
  const page = await signedIn(browser, signIn, admin);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up two-step login" }).click();
  await expect(page.getByRole("img", { name: "QR code that adds this login to an authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByTestId("totp-uri")).toHaveText(/^otpauth:\/\/totp\/.*secret=/);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByLabel("Code from the app").fill(totp.generate({ timestamp: Date.now() - 60 * 60_000 }));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("This code is not valid. Enter the code your app shows now.").first()).toBeVisible();

  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByLabel("Code from the app").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().textContent())!.trim();
  await expect(page.getByTestId("totp-on")).toContainText("10 recovery codes left.");
  await expectNoHorizontalScroll(page);

  // Logging in now asks for a code after the password.
  const next = await browser.newContext();
  const login = await next.newPage();
  await logIn(login, email);
  await expect(login.getByTestId("second-step")).toBeVisible();
  await login.getByLabel("Code").fill("000000" === totp.generate() ? "111111" : "000000");
  await login.getByRole("button", { name: "Verify" }).click();
  await expect(login.getByTestId("login-error")).toHaveText(/This code is not valid/);
  // The code of the next 30-second step (the one used to turn it on cannot be used twice).
  await login.getByLabel("Code").fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await login.getByRole("button", { name: "Verify" }).click();
  await expect(login).toHaveURL(/\/telecom\/sms$/);

  // A recovery code works once.
  for (const expected of ["ok", "refused"] as const) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await logIn(other, email);
    await other.getByLabel("Code").fill(recovery);
    await other.getByRole("button", { name: "Verify" }).click();
    if (expected === "ok") await expect(other).toHaveURL(/\/telecom\/sms$/);
    else await expect(other.getByTestId("login-error")).toHaveText(/This code is not valid/);
    await context.close();
  }
});
