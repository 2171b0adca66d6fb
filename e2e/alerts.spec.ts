import { startSmtpInbox, type ReceivedMail } from "../tests/support/smtp-inbox";
import { expect, test } from "./fixtures";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";

/**
 * The low-balance alert end to end: set on Options, crossed by sending SMS, and the e-mail read from a real SMTP
 * server that this test runs (the e2e server's SMTP_URL points at E2E_SMTP_PORT, see scripts/e2e-server.mjs).
 */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3211) + 2);
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
let inbox: ReceivedMail[] = [];

test.beforeAll(async () => {
  smtp = await startSmtpInbox(SMTP_PORT);
  inbox = smtp.inbox;
});
test.afterAll(() => smtp.close());

test("set a low-balance alert, cross it by sending SMS, and read the e-mail", async ({ page, seed, signIn }) => {
  // A long journey (three sends, the queue's delivery) on a shared machine.
  test.setTimeout(120_000);
  const c = await seed({ accounts: [{ balance: "20" }] });
  const ACCOUNT = c.sms[0]!;
  const email = c.admin.email;
  const emailLabel = new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  await signIn(c.admin);
  await page.goto(`/telecom/sms/${ACCOUNT}/options/recredit`);
  await expect(page.getByTestId("alert-current")).toHaveText("Off: no alert is sent.");
  await expect(page.getByTestId("alert-email-not-configured")).toHaveCount(0);
  const form = page.getByTestId("alert-form");
  // A bad threshold is refused under its field and changes nothing.
  await form.getByLabel("Alert threshold (credits)").fill("1.234,5");
  await form.getByRole("button", { name: "Set alert" }).click();
  await expect(page.getByTestId("alert-error").first()).toBeVisible();
  await expect(page.getByTestId("alert-current")).toHaveText("Off: no alert is sent.");
  await form.getByLabel("Alert threshold (credits)").fill("18.5");
  await form.getByLabel(emailLabel).check();
  await form.getByRole("button", { name: "Set alert" }).click();
  await expect(page.getByTestId("alert-saved")).toHaveText("Saved: an alert is sent when the balance falls to 18.5 credits or below.");
  await expect(page.getByTestId("alert-current")).toContainText("18.5 credits or below");
  await expect(page.getByLabel(emailLabel)).toBeChecked();
  await expectAccessible(page);

  // 20 → 19: above the threshold, no alert. 19 → 17: crossed, one alert.
  for (const receivers of ["07400 123456", "07400 123456, 07400 123457"]) {
    await page.goto(`/telecom/sms/${ACCOUNT}/send`);
    await page.getByLabel("Recipients").fill(receivers);
    await page.getByLabel("Sender").fill("Acme");
    await page.getByLabel("Message").fill("Hello");
    await page.getByRole("button", { name: /^Review/ }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByTestId("send-done")).toBeVisible({ timeout: 20_000 });
  }
  // The job queue's worker sends it through SMTP.
  await expect.poll(() => inbox.filter((m) => m.to === email).length, { timeout: 30_000 }).toBe(1);
  const mail = inbox.find((m) => m.to === email)!;
  expect(mail.subject).toBe(`Low balance on ${ACCOUNT}: 17 credits left`);
  expect(mail.text).toContain("is 17 credits: at or below its alert threshold of 18.5 credits");
  expect(mail.text).toContain(`/telecom/sms/${ACCOUNT}`);

  // A third send, still below: no second e-mail. The Options page lists the alert as e-mailed.
  await page.goto(`/telecom/sms/${ACCOUNT}/send`);
  await page.getByLabel("Recipients").fill("07400 123456");
  await page.getByLabel("Sender").fill("Acme");
  await page.getByLabel("Message").fill("Hello");
  await page.getByRole("button", { name: /^Review/ }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-done")).toBeVisible({ timeout: 20_000 });
  await page.goto(`/telecom/sms/${ACCOUNT}/options/recredit`);
  const history = page.getByTestId("alert-history");
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history).toContainText("Balance 17 credits, threshold 18.5 credits");
  await expect(history).toContainText("E-mailed to 1 person");
  expect(inbox.filter((m) => m.to === email)).toHaveLength(1);

  // Home: the forecast at the last 30 days' rate (4 credits in 30 days: 16 × 30 / 4 = 120 days) and the threshold line.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/telecom/sms/${ACCOUNT}`);
  await expect(page.getByTestId("forecast")).toContainText("the credits last about 120 days");
  await expect(page.getByTestId("chart-threshold")).toHaveCount(1);
  await expect(page.getByText("Alert threshold: 18.5 credits")).toBeVisible();
  await expectNoHorizontalScroll(page);
});
