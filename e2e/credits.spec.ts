import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import type { Db } from "@/db/client";
import { transferCredits } from "@/lib/credits/transfers";
import { expect, test, type Seeded } from "./fixtures";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";

/** Fills the transfer form (the target searched and picked in its list) and goes to the review step. */
async function fillTransfer(page: Page, target: string, amount: string, reference = "") {
  await page.getByRole("combobox", { name: "Account to credit" }).fill(target);
  await page.getByRole("option", { name: target }).click();
  await page.getByLabel("Number of credits").fill(amount);
  if (reference) await page.getByLabel("Reference (optional)").fill(reference);
  await page.getByRole("button", { name: "Review the transfer" }).click();
}

/** A transfer made as the Transfer page makes it (the domain function), for journeys that start after one. */
async function transferred(db: Db, c: Seeded, source: string, target: string, amount: string) {
  const result = await transferCredits(db, { customerAccountId: c.id, source, target, amount, actor: { type: "system", label: "e2e seed" } });
  if (!result.ok) throw new Error(`e2e seed: transfer refused (${result.code})`);
}

test.describe("transfer credits", () => {
  /** Two enabled accounts and a disabled one, as the transfer journeys start. */
  const accounts = (first: string, second: string) => [{ balance: first }, { balance: second }, { balance: "10", status: "disable" as const }];

  test("moves 12.5 credits and shows both new balances", async ({ page, seed, signIn }) => {
    const c = await seed({ accounts: accounts("412.5", "80"), methods: ["mandate"] });
    const [one, two] = c.sms as [string, string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}`);
    await page.getByRole("link", { name: "Transfer credits" }).last().click();
    await expect(page).toHaveURL(/\/transfer$/);
    await expect(page.getByRole("combobox", { name: "Your account" })).toHaveValue(one);
    await expectAccessible(page);
    // The target by keyboard: type part of its name, arrows through the server's answers, Enter picks.
    const target = page.getByRole("combobox", { name: "Account to credit" });
    await target.focus();
    await target.pressSequentially(two.slice(4));
    await expect(target).toHaveAttribute("aria-expanded", "true");
    const options = page.getByRole("listbox", { name: "Account to credit" }).getByRole("option");
    await expect(options).toHaveCount(1);
    await expect(options.first()).toContainText(two);
    await expect(options.first()).toContainText("80 credits");
    await target.press("Escape");
    await expect(target).toHaveAttribute("aria-expanded", "false");
    await target.press("Escape");
    await expect(target).toHaveValue("");
    await target.pressSequentially(one.slice(4, -2));
    // The source is never offered as the target; a disabled account is, marked so (the server refuses it).
    await expect(options).toHaveCount(2);
    await expect(options.nth(1)).toContainText("Disabled");
    await target.press("ArrowDown");
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await expect(target).toHaveAttribute("aria-activedescendant", (await options.first().getAttribute("id"))!);
    await target.press("ArrowDown");
    await target.press("ArrowUp");
    await target.press("Enter");
    await expect(target).toHaveValue(two);
    await expect(target).toHaveAttribute("aria-expanded", "false");
    await expectAccessible(page);
    await page.getByLabel("Number of credits").fill("12.5");
    await page.getByLabel("Reference (optional)").fill("Campaign top-up");
    await page.getByRole("button", { name: "Review the transfer" }).click();
    const summary = page.getByTestId("transfer-review");
    await expect(summary).toContainText("12.5 credits");
    await expect(summary).toContainText("Balance 412.5 → 400 credits");
    await expect(summary).toContainText("Balance 80 → 92.5 credits");
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-done")).toContainText(
      `12.5 credits moved from ${one} to ${two}. New balances: ${one} 400 credits, ${two} 92.5 credits.`,
    );
    // Keyboard focus goes on from the confirmation, not from the top of the page.
    await expect(page.getByTestId("transfer-done").locator("..")).toBeFocused();
    await expect(page.getByRole("table", { name: `Transfers of ${one}` })).toContainText(`to ${two}`);
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: new RegExp(one) })).toContainText("400");
    await expect(page.getByRole("row", { name: new RegExp(two) })).toContainText("92.5");
  });

  test("refuses bad amounts with the reason, before and after confirming, and changes nothing", async ({ page, seed, signIn }) => {
    // Where the first journey left it.
    const c = await seed({ accounts: accounts("400", "92.5"), methods: ["mandate"] });
    const foreign = await seed({ accounts: [{ balance: "412.5" }] });
    const [one, two, disabled] = c.sms as [string, string, string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}/transfer`);
    const amountError = page.locator("#amount-error");
    for (const [amount, message] of <Array<[string, string]>>[
      ["0", "The number of credits must be greater than zero."],
      ["-5", "The number of credits must be greater than zero."],
      ["1.2345", "Credits have at most 2 decimals."],
      ["1,000", "This reads like a thousands separator: write 1000 for a thousand, and decimals with at most 2 digits (12.5). Nothing was changed."],
      ["abc", "Enter a number of credits, such as 12.5."],
      ["1000", `${one} has 400 credits: 1,000 cannot be transferred. Nothing was changed.`],
    ]) {
      await page.getByLabel("Number of credits").fill(amount);
      await page.getByRole("button", { name: "Review the transfer" }).click();
      await expect(amountError).toHaveText(message);
    }
    // The server checks again: a forged amount after the review is refused the same way.
    await fillTransfer(page, two, "1");
    await page.locator('input[name="amount"]').evaluate((el: HTMLInputElement) => (el.value = "1000"));
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText(`${one} has 400 credits: 1,000 cannot be transferred. Nothing was changed.`);
    // A disabled target, and a target of another customer forged into the list: refused with a reason.
    await fillTransfer(page, disabled, "1");
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText("The account to credit is disabled: it cannot receive credits.");
    await fillTransfer(page, two, "1");
    await page.locator('input[name="target"]').evaluate((el: HTMLInputElement, name) => (el.value = name), foreign.sms[0]!);
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText("The account to credit does not exist or is not one of yours.");
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: new RegExp(one) })).toContainText("400");
  });

  test("a double click on confirm transfers once", async ({ page, seed, signIn }) => {
    const c = await seed({ accounts: accounts("400", "92.5"), methods: ["mandate"] });
    const [one, two] = c.sms as [string, string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${two}/transfer`);
    await fillTransfer(page, one, "2.5");
    await page.getByRole("button", { name: "Confirm the transfer" }).dblclick();
    await expect(page.getByTestId("transfer-done")).toBeVisible();
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: new RegExp(one) })).toContainText("402.5");
    await expect(page.getByRole("row", { name: new RegExp(two) })).toContainText("90");
  });

  test("the history filters, pages and exports as CSV", async ({ page, seed, signIn, db }) => {
    const c = await seed({ accounts: accounts("412.5", "80"), methods: ["mandate"] });
    const [one, two] = c.sms as [string, string];
    await transferred(db, c, one, two, "12.5");
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}/history`);
    await expect(page.getByRole("table", { name: new RegExp(`Operations of ${one}`) })).toContainText("Transfer sent");
    await page.getByLabel("Operation").selectOption("adjustment");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/kind=adjustment/);
    const rows = page.getByRole("table", { name: new RegExp(`Operations of ${one}`) }).locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expectAccessible(page);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("entry_id,time_utc,kind,amount,balance_after,counterpart,reference,reference_code,actor,transfer_id,order_id");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",adjustment,412.5,412.5,,Opening balance,");
    await page.goto(`/telecom/sms/${one}/history?from=2026-02-30`);
    await expect(page.getByTestId("history-error")).toHaveText("Enter dates as year-month-day, such as 2026-11-29.");
  });

  test("transfers are listed and exported with their ids", async ({ page, seed, signIn, db }) => {
    const c = await seed({ accounts: accounts("412.5", "80"), methods: ["mandate"] });
    const [one, two] = c.sms as [string, string];
    await transferred(db, c, one, two, "12.5");
    await transferred(db, c, two, one, "2.5");
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}/transfer`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const lines = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("transfer_id,time_utc,source,target,credits,reference");
    expect(lines.slice(1).map((l) => l.split(",").slice(2, 5).join(","))).toEqual([
      `${two},${one},2.5`,
      `${one},${two},12.5`,
    ]);
  });
});

test.describe("buy credits", () => {
  test("buys a pack of 500: price before paying, credits after, and an invoice", async ({ page, seed, signIn }) => {
    const c = await seed({ accounts: [{ balance: "0" }], methods: ["card", "declined-card"] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    await page.goto(`/telecom/sms/${one}`);
    await page.getByRole("navigation", { name: "SMS account sections" }).getByRole("link", { name: "Buy credits" }).click();
    await page.getByRole("group", { name: "Number of credits" }).getByText("500", { exact: true }).click();
    const quote = page.getByTestId("quote");
    await expect(quote).toContainText("£0.058");
    await expect(quote).toContainText("£29.00");
    await expect(quote).toContainText("VAT (20%)");
    await expect(page.getByTestId("quote-total")).toHaveText("£34.80");
    await expectAccessible(page);
    await expect(page.getByTestId("price-tiers")).toContainText("£0.060"); // every tier at once, one price format
    await page.getByRole("button", { name: "Review the order" }).click();
    await page.getByRole("button", { name: "Pay £34.80" }).click();
    await expect(page.getByTestId("buy-done")).toContainText(`500 credits added to ${one}. New balance: 500 credits.`);
    await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0); // not armed again under the confirmation
    await expect(page.getByRole("button", { name: "Buy more credits" })).toBeVisible();
    await page.getByRole("link", { name: /See invoice/ }).click();
    const invoice = page.getByTestId("invoice");
    await expect(page.getByTestId("invoice-title")).toHaveText(/^Invoice GB-\d{4}-\d{6}$/);
    await expect(invoice).toContainText("£0.058");
    await expect(page.getByTestId("invoice-vat")).toHaveText("£5.80");
    await expect(page.getByTestId("invoice-total")).toHaveText("£34.80");
    await page.goto(`/telecom/sms/${one}`);
    await expect(page.getByTestId("balance")).toHaveText(/500\s*credits/);
  });

  test("a free quantity is checked, and a declined card adds nothing and says why", async ({ page, seed, signIn }) => {
    // Where the purchase above left it.
    const c = await seed({ accounts: [{ balance: "500" }], methods: ["card", "declined-card"] });
    const [one] = c.sms as [string];
    await signIn(c.admin);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`/telecom/sms/${one}/buy`);
    await expectNoHorizontalScroll(page);
    await page.getByRole("group", { name: "Number of credits" }).getByText("Other", { exact: true }).click();
    await page.getByLabel("Number of credits", { exact: true }).fill("99");
    await expect(page.locator("#custom-quantity-error")).toHaveText("The minimum is 100 credits.");
    await page.getByLabel("Number of credits", { exact: true }).fill("1234");
    await expect(page.getByTestId("quote-total")).toHaveText("£81.44"); // 1234 × 0.055 = 67.87; VAT 13.57
    await page.getByLabel("Payment method").selectOption({ label: "Visa •••• 0002" });
    await page.getByRole("button", { name: "Review the order" }).click();
    await page.getByRole("button", { name: "Pay £81.44" }).click();
    await expect(page.getByTestId("buy-error")).toContainText("The payment with Visa •••• 0002 was refused: the card was declined. No credits were added");
    await page.goto("/billing/orders");
    await expect(page.getByRole("table", { name: "Orders, newest first" }).locator("tbody tr").first()).toContainText("Payment failed");
    await page.goto(`/telecom/sms/${one}`);
    await expect(page.getByTestId("balance")).toHaveText(/500\s*credits/);
  });

  test("another customer's order is not found", async ({ page, seed, signIn }) => {
    await signIn((await seed()).admin);
    const res = await page.goto("/billing/orders/999999");
    expect(res?.status()).toBe(404);
  });
});

test.describe("rates", () => {
  test("shows the credits per destination for the user's subsidiary, searchable", async ({ page, seed, signIn }) => {
    await signIn((await seed({ accounts: [{ balance: "412.5" }] })).admin);
    await page.goto("/telecom/sms/rates");
    await expect(page.getByRole("row", { name: /United Kingdom/ })).toContainText("1");
    await page.getByRole("searchbox").fill("india");
    await page.getByRole("button", { name: "Search" }).click();
    const rows = page.getByRole("table", { name: "Credits per SMS by destination" }).locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("0.4");
    await expectAccessible(page);
  });
});
