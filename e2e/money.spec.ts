import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";

/**
 * Money never moves without the page saying so (issue 14): revoking the only mandate under active re-credits, a
 * declined card then paying again with the same choices, and actions that fire a re-credit saying what it charged.
 * Each journey has a customer of its own (e2e/fixtures.ts). SHOTS=dir saves screenshots at 1280 and 375 px.
 */
const IE_MANDATE = { type: "sepa_direct_debit", masked: "IE29 •••• •••• •••• •••• 78" } as const;

async function shoot(page: Page, name: string) {
  const dir = process.env.SHOTS;
  if (!dir) return;
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("revoking the only SEPA mandate names the re-credits it suspends, and they show as suspended with the way back", async ({ page, seed, signIn }) => {
  const c = await seed({
    accounts: [{ balance: "300", recredit: { amount: 500, threshold: "100" } }, { balance: "50", recredit: { amount: 200, threshold: "10" } }, { balance: "20" }],
    methods: [IE_MANDATE, "card"],
  });
  const [one, two, three] = c.sms as [string, string, string];
  await signIn(c.admin);
  await page.goto("/telecom/sms");
  const table = page.getByRole("table", { name: /SMS accounts/ });
  await expect(table.getByRole("row", { name: new RegExp(one) }).getByTestId("recredit-badge")).toHaveText("On");

  await page.goto("/billing/payment-methods");
  const mandateRow = page.getByTestId("payment-methods").locator("li").filter({ hasText: "IE29" });
  await mandateRow.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke IE29 •••• •••• •••• •••• 78?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("revoke-suspends")).toContainText("the automatic re-credit of these 2 SMS accounts will be suspended");
  await expect(dialog.getByRole("listitem")).toHaveText([one, two]);
  // Focus starts on Cancel and stays in the dialog.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(true);
  }
  await expectAccessible(page);
  await shoot(page, "revoke-dialog");
  // Escape closes it and changes nothing.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(mandateRow).toContainText("Valid");
  // The card's dialog suspends nothing.
  await page.getByTestId("payment-methods").locator("li").filter({ hasText: "4242" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("dialog", { name: "Revoke Visa •••• 4242?" }).getByTestId("revoke-suspends")).toHaveCount(0);
  await page.getByRole("dialog", { name: "Revoke Visa •••• 4242?" }).getByRole("button", { name: "Cancel" }).click();

  await mandateRow.getByRole("button", { name: "Revoke" }).click();
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("payment-methods").locator("li").filter({ hasText: "IE29" })).toContainText("Revoked");

  await page.goto("/telecom/sms");
  await expect(table.getByRole("row", { name: new RegExp(one) }).getByTestId("recredit-badge")).toHaveText("Suspended — no valid mandate");
  await expect(table.getByRole("row", { name: new RegExp(two) }).getByTestId("recredit-badge")).toHaveText("Suspended — no valid mandate");
  await expect(table.getByRole("row", { name: new RegExp(three) }).getByTestId("recredit-badge")).toHaveText("Off");
  await shoot(page, "sms-list-suspended");

  await page.goto(`/telecom/sms/${one}`);
  await expect(page.getByTestId("recredit-badge")).toHaveAttribute("data-state", "suspended");
  await expect(page.getByTestId("recredit-state")).toContainText("500 credits are set to be added when the balance falls to 100 credits or below, but there is no valid SEPA direct debit mandate");
  await shoot(page, "home-suspended");
  await page.getByTestId("recredit-way-back").click();
  await expect(page).toHaveURL(/\/billing\/payment-methods$/);

  await page.goto(`/telecom/sms/${one}/options/recredit`);
  await expect(page.getByTestId("recredit-badge")).toHaveText("Suspended — no valid mandate");
  await expect(page.getByTestId("recredit-way-back")).toHaveAttribute("href", "/billing/payment-methods");
  // The form shows what is saved, and says why it is suspended.
  await expect(page.getByLabel("Amount to top up")).toHaveValue("500");
  await expect(page.getByRole("option", { name: "500 credits (saved, suspended)" })).toBeEnabled();
  await expect(page.getByRole("option", { name: "1,000 credits" })).toBeDisabled();
  await expect(page.locator("#amount-hint")).toHaveText(
    "The saved amount (500 credits) is shown but suspended. Until both conditions below are met, only “Do not top up” can be chosen.",
  );
  await expectAccessible(page);
  await shoot(page, "options-suspended");
});

test("after a declined card every choice stays, the refusal names the card, and paying again uses those choices", async ({ page, seed, signIn }) => {
  const c = await seed({ accounts: [{ balance: "0" }], methods: ["card", "declined-card"] });
  const [one] = c.sms as [string];
  await signIn(c.admin);
  await page.goto(`/telecom/sms/${one}/buy`);
  const packs = page.getByRole("group", { name: "Number of credits" });
  const review = page.getByRole("button", { name: "Review the order" });
  // The review step, like a transfer's, then Pay.
  const pay = async () => {
    await review.click();
    await page.getByRole("button", { name: /^Pay/ }).click();
  };
  const method = page.getByLabel("Payment method");

  // The order waits for a valid quantity.
  await packs.getByText("Other", { exact: true }).click();
  await expect(review).toBeDisabled();
  await page.getByLabel("Number of credits", { exact: true }).fill("99");
  await expect(review).toBeDisabled();

  await packs.getByText("250", { exact: true }).click();
  await expect(review).toBeEnabled();
  await method.selectOption({ label: "Visa •••• 0002" });
  await pay();
  await expect(page.getByTestId("buy-error")).toContainText("The payment with Visa •••• 0002 was refused: the card was declined.");
  await expect(packs.getByRole("radio", { name: "250" })).toBeChecked();
  await expect(method.locator("option:checked")).toHaveText("Visa •••• 0002");
  await shoot(page, "buy-declined");

  await packs.getByText("Other", { exact: true }).click();
  await page.getByLabel("Number of credits", { exact: true }).fill("1234");
  await pay();
  await expect(page.getByTestId("buy-error")).toContainText("order #");
  await expect(page.getByTestId("buy-error")).toContainText("Visa •••• 0002");
  await expect(packs.getByRole("radio", { name: "Other" })).toBeChecked();
  await expect(page.getByLabel("Number of credits", { exact: true })).toHaveValue("1234");
  await expect(method.locator("option:checked")).toHaveText("Visa •••• 0002");

  // Paying again with another card: a new order, the quantity as chosen.
  await method.selectOption({ label: "Visa •••• 4242 (default)" });
  await review.click();
  await expect(page.getByTestId("buy-review")).toContainText("Visa •••• 4242");
  await page.getByRole("button", { name: "Pay £81.44" }).click();
  await expect(page.getByTestId("buy-done")).toContainText(`1,234 credits added to ${one}. New balance: 1,234 credits.`);
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoHorizontalScroll(page);
});

test("an SMS, a transfer and a save that fire a re-credit say what was added, charged, to which method, with the invoice", async ({ page, seed, signIn }) => {
  const c = await seed({ accounts: [{ balance: "412.5", recredit: { amount: 500, threshold: "412" } }, { balance: "100" }], methods: [IE_MANDATE] });
  const [one, two] = c.sms as [string, string];
  await signIn(c.admin);
  await page.goto(`/telecom/sms/${one}/send`);
  await page.getByLabel("Recipients").fill("07400 123456");
  await page.getByLabel("Sender").fill("Acme");
  await page.getByLabel("Message").fill("Hello");
  await page.getByRole("button", { name: /^Review/ }).click();
  // The review's total in words, from the client's own messages (a missing one would show its key).
  await expect(page.getByTestId("send-review")).toContainText("1 credit");
  await expect(page.getByTestId("send-review")).not.toContainText("credits.amount");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-done")).toHaveText(
    "1 SMS sent for 1 credit. Balance: 911.5 credits. Automatic re-credit: 500 credits added, £34.80 charged to IE29 •••• •••• •••• •••• 78.",
  );
  await shoot(page, "send-recredit");
  await page.getByTestId("recredit-invoice").click();
  await expect(page).toHaveURL(/\/billing\/orders\/\d+$/);
  await expect(page.getByTestId("invoice-total")).toHaveText("£34.80");

  // A transfer that takes the balance to the threshold: 911.5 − 500 = 411.5 ≤ 412.
  await page.goto(`/telecom/sms/${one}/transfer`);
  await page.getByRole("combobox", { name: "Account to credit" }).fill(two);
  await page.getByRole("option", { name: two }).click();
  await page.getByLabel("Number of credits").fill("500");
  await page.getByRole("button", { name: "Review the transfer" }).click();
  await page.getByRole("button", { name: "Confirm the transfer" }).click();
  await expect(page.getByTestId("transfer-done")).toContainText("Automatic re-credit: 500 credits added, £34.80 charged to IE29 •••• •••• •••• •••• 78.");
  await expect(page.getByTestId("transfer-done").getByTestId("recredit-invoice")).toHaveAttribute("href", /\/billing\/orders\/\d+$/);
  await shoot(page, "transfer-recredit");

  // Saving a threshold above the balance (911.5) fires at once.
  await page.goto(`/telecom/sms/${one}/options/recredit`);
  await page.getByLabel("Minimum threshold (credits)").fill("1000");
  await page.getByLabel("Amount to top up").selectOption("100");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("recredit-saved")).toHaveText(
    "Saved: 100 credits will be added when the balance falls to 1,000 credits or below. Automatic re-credit: 100 credits added, £7.20 charged to IE29 •••• •••• •••• •••• 78.",
  );
  await expect(page.getByTestId("recredit-invoice")).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "options-recredit-saved");
});
