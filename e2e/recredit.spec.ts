import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";

async function sendSms(page: Page, account: string, receivers: string, message = "Hello") {
  await page.goto(`/telecom/sms/${account}/send`);
  await page.getByLabel("Recipients").fill(receivers);
  await page.getByLabel("Sender").fill("Acme");
  await page.getByLabel("Message").fill(message);
  await page.getByRole("button", { name: /^Review/ }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-done")).toBeVisible();
}

test.describe("conditions explained before the form", () => {
  test("a 3-week-old account: the age condition is unmet, with the date it becomes eligible", async ({ page, seed, signIn }) => {
    const c = await seed({ accounts: [{ balance: "0", ageDays: 21 }], methods: [{ type: "sepa_direct_debit", masked: "IE29 •••• •••• •••• •••• 78" }] });
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${c.sms[0]}/options/recredit`);
    await expect(page.getByTestId("condition-mandate")).toHaveAttribute("data-met", "true");
    const age = page.getByTestId("condition-age");
    await expect(age).toHaveAttribute("data-met", "false");
    await expect(age).toContainText(/becomes eligible on \d{1,2} \w+ \d{4}/); // British English: 8 January 2027
    await expect(page.getByRole("option", { name: "500 credits" })).toBeDisabled();
    await expect(page.getByText("Only “Do not top up” can be chosen until both conditions below are met.")).toBeVisible();
    await expectAccessible(page);
  });

  test("a customer without a mandate is told so and where to add one", async ({ page, seed, signIn }) => {
    const c = await seed({ subsidiary: "FR", users: [{ role: "admin", locale: null }], accounts: [{ balance: "1000", ageDays: 365 }], methods: ["card"] });
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${c.sms[0]}/options/recredit`);
    const mandate = page.getByTestId("condition-mandate");
    await expect(mandate).toHaveAttribute("data-met", "false");
    await mandate.getByRole("link").click();
    await expect(page).toHaveURL(/\/billing\/payment-methods$/);
  });
});

test.describe("automatic re-credit end to end", () => {
  test("enable at 412 / 500, send one SMS, and see 911.5 credits, the re-credit and its invoice", async ({ page, seed, signIn }) => {
    const c = await seed({ accounts: [{ balance: "412.5" }], methods: ["mandate"] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}/options/recredit`);
    await page.getByLabel("Minimum threshold (credits)").fill("412");
    await page.getByLabel("Amount to top up").selectOption("500");
    await expect(page.getByTestId("recredit-price")).toHaveText("Price of each re-credit: £29.00 excl. VAT, £34.80 incl. VAT.");
    await expect(page.getByTestId("recredit-immediate")).toHaveCount(0);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("recredit-saved")).toHaveText("Saved: 500 credits will be added when the balance falls to 412 credits or below.");
    await expect(page.getByTestId("recredit-current")).toContainText("On: 500 credits");
    // The form still shows what was saved (React resets a form after its action).
    await expect(page.getByLabel("Amount to top up")).toHaveValue("500");
    await expect(page.getByLabel("Minimum threshold (credits)")).toHaveValue("412");

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`/telecom/sms/${one}/send`);
    await expectNoHorizontalScroll(page);
    await page.getByLabel("Message").fill("Hello");
    await expect(page.getByTestId("counter")).toHaveText("GSM 7-bit · 5 characters · 1 part · 155 left in this part");
    await page.getByLabel("Message").fill("Prix: 10€");
    await expect(page.getByTestId("counter")).toContainText("9 characters · 1 part · 150 left"); // € counts twice
    await page.getByLabel("Recipients").fill("07400 123456\nnot-a-number");
    await expect(page.locator("#receivers-error")).toHaveText("not-a-number: not a phone number, will not be sent.");
    await expect(page.getByTestId("cost-total")).toHaveText("1");
    // A € that would straddle the end of a part starts the next one, as carriers split: 3 parts, charged 3.
    await page.getByLabel("Message").fill(`${"a".repeat(152)}€${"a".repeat(152)}`);
    await expect(page.getByTestId("counter")).toContainText("305 characters · 3 parts");
    await expect(page.getByTestId("part-lengths")).toHaveText("Characters per part: 152 · 152 · 1");
    await expect(page.getByTestId("cost-total")).toHaveText("3");
    // Priced by calling code: a Guernsey number (+44, GG to libphonenumber) is a UK SMS; Thailand has no rate.
    await page.getByLabel("Recipients").fill("+447911123456\n+66812345678");
    await expect(page.locator("#receivers-error")).toHaveText("No rate for Thailand, will not be sent: +66812345678");
    await expect(page.getByTestId("cost")).toContainText("1 × United Kingdom");
    await expect(page.getByTestId("cost-total")).toHaveText("3");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Recipients").fill("07400 123456");
    await page.getByLabel("Message").fill("Hello");
    // The review says what will be spent, and the re-credit it fires, before anything is spent.
    await page.getByRole("button", { name: "Review: 1 SMS for 1 credit" }).click();
    await expect(page.getByTestId("send-review")).toContainText("+44 7400 123456");
    await expect(page.getByTestId("send-review-recredit")).toContainText("adds 500 credits and charges £34.80");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.locator("#sender-error")).toHaveText("This field is required.");
    await page.getByLabel("Sender").fill("Acme");
    await page.getByRole("button", { name: /^Review/ }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByTestId("send-done")).toHaveText(
      "1 SMS sent for 1 credit. Balance: 911.5 credits. Automatic re-credit: 500 credits added, £34.80 charged to GB33 •••• •••• •••• •••• 55.",
    );
    await expect(page.getByLabel("Message")).toHaveValue(""); // sent: nothing left to send twice by mistake
    await expect(page.getByLabel("Sender")).toHaveValue("Acme");
    await expect(page.getByTestId("outgoing")).toContainText("+44 7400 123456"); // grouped for people
    await expect(page.getByTestId("outgoing")).toContainText("Delivered");

    await page.goto(`/telecom/sms/${one}`);
    await expect(page.getByTestId("balance")).toHaveText(/911\.5\s*credits/);
    await expect(page.getByTestId("last-attempt")).toContainText("Last re-credit: 500 credits");
    await page.goto("/billing/orders");
    const row = page.getByRole("table", { name: "Orders, newest first" }).locator("tbody tr").first();
    await expect(row).toContainText("Automatic re-credit");
    await expect(row).toContainText("£34.80");
    await row.getByRole("link").click();
    await expect(page.getByTestId("invoice-total")).toHaveText("£34.80");
    // The re-credit's invoice is reachable from the attempts of the Options page and from the ledger.
    const number = (await page.getByTestId("invoice-title").textContent())!.replace("Invoice ", "");
    expect(number).toMatch(/^GB-\d{4}-\d{6}$/);
    const invoiceUrl = page.url();
    await page.goto(`/telecom/sms/${one}/options/recredit`);
    await page.getByTestId("recredit-attempts").getByRole("link", { name: `500 credits added, invoice ${number}.` }).click();
    await expect(page).toHaveURL(invoiceUrl);
    await page.goto(`/telecom/sms/${one}/history`);
    await expect(page.getByRole("link", { name: `Invoice ${number}` })).toHaveCount(1);
  });

  test("says beforehand that saving will fire at once when the balance is already at the threshold", async ({ page, seed, signIn }) => {
    // Where the journey above left it: 911.5 credits, re-credit on at 412 / 500.
    const c = await seed({ accounts: [{ balance: "911.5", recredit: { amount: 500, threshold: "412" } }], methods: ["mandate"] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}/options/recredit`);
    await page.getByLabel("Minimum threshold (credits)").fill("1000");
    await page.getByLabel("Amount to top up").selectOption("100");
    await expect(page.getByTestId("recredit-immediate")).toContainText("saving will add 100 credits at once and charge £7.20");
    // Not saved: set a threshold just below the balance instead.
    await page.getByLabel("Minimum threshold (credits)").fill("910");
    await expect(page.getByTestId("recredit-immediate")).toHaveCount(0);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("recredit-saved")).toContainText("Saved: 100 credits");
  });

  test("revoke the mandate, cross the threshold, and see the failed attempt with its reason", async ({ page, seed, signIn }) => {
    // Where the journey above left it: 911.5 credits, re-credit on at 910 / 100.
    const c = await seed({ accounts: [{ balance: "911.5", recredit: { amount: 100, threshold: "910" } }], methods: ["mandate"] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    await page.goto("/billing/payment-methods");
    await page.getByTestId("payment-methods").getByRole("button", { name: "Revoke" }).first().click();
    const dialog = page.getByRole("dialog", { name: /^Revoke GB33/ });
    await expect(dialog.getByRole("listitem")).toHaveText([one]);
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByTestId("payment-methods")).toContainText("Revoked");
    await sendSms(page, one, "07400 123456, 07400 123457");
    await page.goto(`/telecom/sms/${one}`);
    await expect(page.getByTestId("balance")).toHaveText(/909\.5\s*credits/);
    await expect(page.getByTestId("last-attempt")).toContainText("failed");
    await expect(page.getByTestId("last-attempt")).toContainText("no valid SEPA direct debit mandate.");
    await page.goto(`/telecom/sms/${one}/options/recredit`);
    await expect(page.getByTestId("condition-mandate")).toHaveAttribute("data-met", "false");
    await expect(page.getByTestId("recredit-attempts")).toContainText("Failed");
  });

  test("adds a SEPA mandate: a wrong IBAN is refused, a good one waits for validation, then is valid", async ({ page, seed, signIn }) => {
    // After the revocation above: no valid mandate.
    const c = await seed({ accounts: [{ balance: "909.5" }] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    const answers = await actionAnswers(page);
    await page.goto("/billing/payment-methods");
    await page.getByLabel("Account or card holder").first().fill("E2E Ltd");
    await page.getByLabel("IBAN").fill("GB33 BUKB 2020 1555 5555 56");
    await page.getByLabel("BIC").fill("BUKBGB22");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Add the mandate" }).click();
    await expect(page.locator("#sepa-iban-error")).toHaveText("This IBAN is not valid (check the digits: its checksum does not match).");
    await page.getByLabel("IBAN").fill("GB33 BUKB 2020 1555 5555 55");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Add the mandate" }).click();
    await expect(page.getByTestId("sepa-result")).toContainText("pending validation");
    const list = page.getByTestId("payment-methods");
    await expect(list).toContainText("Pending validation");
    await expect(list).not.toContainText("20201555555555");
    // Neither the refusal nor the success sent the IBAN back to the browser.
    // (The page itself shows the sandbox's test IBAN: look for the submitted values, not for the number anywhere.)
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[0]).toContain('"holder":"E2E Ltd"'); // a refusal sends back what is not secret
    for (const body of answers) {
      expect(body).not.toMatch(/"iban":"GB/);
      expect(body).not.toContain("5555 56");
    }
    await list.getByRole("button", { name: "Validate (sandbox)" }).click();
    await expect(list.locator("li").first()).toContainText("Valid");
    await page.goto(`/telecom/sms/${one}/options/recredit`);
    await expect(page.getByTestId("condition-mandate")).toHaveAttribute("data-met", "true");
    await expectAccessible(page);
  });

  test("adds a card: the card number is sent back neither with a refusal nor with the confirmation", async ({ page, seed, signIn }) => {
    await signIn((await seed({ accounts: [{ balance: "0" }] })).admin);
    const answers = await actionAnswers(page);
    await page.goto("/billing/payment-methods");
    const form = page.locator("form").filter({ has: page.getByLabel("Card number") });
    await form.getByLabel("Account or card holder").fill("E2E Card");
    await form.getByLabel("Card number").fill("4242 4242 4242 4242");
    await form.getByLabel("Expiry").fill("13/99");
    await page.getByRole("button", { name: "Add the card" }).click();
    await expect(page.locator("#card-expiry-error")).toBeVisible();
    // Refused: what is not secret comes back, the card number does not.
    await expect(form.getByLabel("Account or card holder")).toHaveValue("E2E Card");
    await expect(form.getByLabel("Card number")).toHaveValue("");
    await form.getByLabel("Card number").fill("4242 4242 4242 4242");
    await form.getByLabel("Expiry").fill("12/40");
    await page.getByRole("button", { name: "Add the card" }).click();
    await expect(page.getByTestId("card-result")).toContainText("4242");
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[0]).toContain('"holder":"E2E Card"');
    for (const body of answers) expect(body).not.toMatch(/"number":"4242/);
  });
});

/** The bodies of the server actions' answers on the payment methods page, exactly as the browser receives them. */
async function actionAnswers(page: Page): Promise<string[]> {
  const bodies: string[] = [];
  await page.route("**/billing/payment-methods", async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
    const response = await route.fetch();
    const body = await response.text();
    bodies.push(body);
    await route.fulfill({ response, body });
  });
  return bodies;
}
