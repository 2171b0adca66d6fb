import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, storage } from "./helpers";

/** Fills the transfer form and goes to the review step. */
async function fillTransfer(page: Page, target: string, amount: string, reference = "") {
  await page.getByLabel("Account to credit").selectOption(target);
  await page.getByLabel("Number of credits").fill(amount);
  if (reference) await page.getByLabel("Reference (optional)").fill(reference);
  await page.getByRole("button", { name: "Review the transfer" }).click();
}

test.describe("transfer credits", () => {
  test.use({ storageState: storage("transfers") });
  test.describe.configure({ mode: "serial" });

  test("moves 12.5 credits and shows both new balances", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10001-1");
    await page.getByRole("link", { name: "Transfer credits" }).last().click();
    await expect(page).toHaveURL(/\/transfer$/);
    await expect(page.getByLabel("Your account")).toHaveValue("sms-ef10001-1");
    await expectAccessible(page);
    await fillTransfer(page, "sms-ef10001-2", "12.5", "Campaign top-up");
    const summary = page.getByTestId("transfer-review");
    await expect(summary).toContainText("12.5 credits");
    await expect(summary).toContainText("Balance 412.5 → 400 credits");
    await expect(summary).toContainText("Balance 80 → 92.5 credits");
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-done")).toContainText(
      "12.5 credits moved from sms-ef10001-1 to sms-ef10001-2. New balances: sms-ef10001-1 400 credits, sms-ef10001-2 92.5 credits.",
    );
    // Keyboard focus goes on from the confirmation, not from the top of the page.
    await expect(page.getByTestId("transfer-done").locator("..")).toBeFocused();
    await expect(page.getByRole("table", { name: "Transfers of sms-ef10001-1" })).toContainText("to sms-ef10001-2");
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: /sms-ef10001-1/ })).toContainText("400");
    await expect(page.getByRole("row", { name: /sms-ef10001-2/ })).toContainText("92.5");
  });

  test("refuses bad amounts with the reason, before and after confirming, and changes nothing", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10001-1/transfer");
    const amountError = page.locator("#amount-error");
    for (const [amount, message] of <Array<[string, string]>>[
      ["0", "The number of credits must be greater than zero."],
      ["-5", "The number of credits must be greater than zero."],
      ["1.2345", "Credits have at most 2 decimals."],
      ["1,000", "This reads like a thousands separator: write 1000 for a thousand, and decimals with at most 2 digits (12.5). Nothing was changed."],
      ["abc", "Enter a number of credits, such as 12.5."],
      ["1000", "sms-ef10001-1 has 400 credits: 1,000 cannot be transferred. Nothing was changed."],
    ]) {
      await page.getByLabel("Number of credits").fill(amount);
      await page.getByRole("button", { name: "Review the transfer" }).click();
      await expect(amountError).toHaveText(message);
    }
    // The server checks again: a forged amount after the review is refused the same way.
    await fillTransfer(page, "sms-ef10001-2", "1");
    await page.locator('input[name="amount"]').evaluate((el: HTMLInputElement) => (el.value = "1000"));
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText("sms-ef10001-1 has 400 credits: 1,000 cannot be transferred. Nothing was changed.");
    // A disabled target, and a target of another customer forged into the list: refused with a reason.
    await fillTransfer(page, "sms-ef10001-3", "1");
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText("The account to credit is disabled: it cannot receive credits.");
    await fillTransfer(page, "sms-ef10001-2", "1");
    await page.locator('input[name="target"]').evaluate((el: HTMLInputElement) => (el.value = "sms-ab12345-1"));
    await page.getByRole("button", { name: "Confirm the transfer" }).click();
    await expect(page.getByTestId("transfer-error")).toHaveText("The account to credit does not exist or is not one of yours.");
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: /sms-ef10001-1/ })).toContainText("400");
  });

  test("a double click on confirm transfers once", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10001-2/transfer");
    await fillTransfer(page, "sms-ef10001-1", "2.5");
    await page.getByRole("button", { name: "Confirm the transfer" }).dblclick();
    await expect(page.getByTestId("transfer-done")).toBeVisible();
    await page.goto("/telecom/sms");
    await expect(page.getByRole("row", { name: /sms-ef10001-1/ })).toContainText("402.5");
    await expect(page.getByRole("row", { name: /sms-ef10001-2/ })).toContainText("90");
  });

  test("the history filters, pages and exports as CSV", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10001-1/history");
    await expect(page.getByRole("table", { name: /Operations of sms-ef10001-1/ })).toContainText("Transfer sent");
    await page.getByLabel("Operation").selectOption("adjustment");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/kind=adjustment/);
    const rows = page.getByRole("table", { name: /Operations of sms-ef10001-1/ }).locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expectAccessible(page);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("entry_id,time_utc,kind,amount,balance_after,counterpart,reference,reference_code,actor,transfer_id,order_id");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",adjustment,412.5,412.5,,Opening balance,");
    await page.goto("/telecom/sms/sms-ef10001-1/history?from=2026-02-30");
    await expect(page.getByTestId("history-error")).toHaveText("Enter dates as year-month-day, such as 2026-11-29.");
  });

  test("transfers are listed and exported with their ids", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10001-1/transfer");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const lines = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("transfer_id,time_utc,source,target,credits,reference");
    expect(lines.slice(1).map((l) => l.split(",").slice(2, 5).join(","))).toEqual([
      "sms-ef10001-2,sms-ef10001-1,2.5",
      "sms-ef10001-1,sms-ef10001-2,12.5",
    ]);
  });
});

test.describe("buy credits", () => {
  test.use({ storageState: storage("buyer") });
  test.describe.configure({ mode: "serial" });

  test("buys a pack of 500: price before paying, credits after, and an invoice", async ({ page }) => {
    await page.goto("/telecom/sms/sms-ef10002-1");
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
    await expect(page.getByTestId("buy-done")).toContainText("500 credits added to sms-ef10002-1. New balance: 500 credits.");
    await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0); // not armed again under the confirmation
    await expect(page.getByRole("button", { name: "Buy more credits" })).toBeVisible();
    await page.getByRole("link", { name: /See invoice/ }).click();
    const invoice = page.getByTestId("invoice");
    await expect(page.getByTestId("invoice-title")).toHaveText(/^Invoice GB-\d{4}-\d{6}$/);
    await expect(invoice).toContainText("£0.058");
    await expect(page.getByTestId("invoice-vat")).toHaveText("£5.80");
    await expect(page.getByTestId("invoice-total")).toHaveText("£34.80");
    await page.goto("/telecom/sms/sms-ef10002-1");
    await expect(page.getByTestId("balance")).toHaveText(/500\s*credits/);
  });

  test("a free quantity is checked, and a declined card adds nothing and says why", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/telecom/sms/sms-ef10002-1/buy");
    await expectNoHorizontalScroll(page);
    await page.getByRole("group", { name: "Number of credits" }).getByText("Other", { exact: true }).click();
    await page.getByLabel("Number of credits", { exact: true }).fill("99");
    await expect(page.locator("#custom-quantity-error")).toHaveText("The minimum is 100 credits.");
    await page.getByLabel("Number of credits", { exact: true }).fill("1234");
    await expect(page.getByTestId("quote-total")).toHaveText("£81.44"); // 1234 × 0.055 = 67.87; VAT 13.57
    await page.getByLabel("Payment method").selectOption({ label: "Visa •••• 0002 — Payment card" });
    await page.getByRole("button", { name: "Review the order" }).click();
    await page.getByRole("button", { name: "Pay £81.44" }).click();
    await expect(page.getByTestId("buy-error")).toContainText("The payment with Visa •••• 0002 was refused: the card was declined. No credits were added");
    await page.goto("/billing/orders");
    await expect(page.getByRole("table", { name: "Orders, newest first" }).locator("tbody tr").first()).toContainText("Payment failed");
    await page.goto("/telecom/sms/sms-ef10002-1");
    await expect(page.getByTestId("balance")).toHaveText(/500\s*credits/);
  });

  test("another customer's order is not found", async ({ page }) => {
    const res = await page.goto("/billing/orders/999999");
    expect(res?.status()).toBe(404);
  });
});

test.describe("rates", () => {
  test.use({ storageState: storage("admin") });

  test("shows the credits per destination for the user's subsidiary, searchable", async ({ page }) => {
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
