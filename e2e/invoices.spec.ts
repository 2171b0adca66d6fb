import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import type { Db } from "@/db/client";
import { buyCredits } from "@/lib/billing/orders";
import { expect, test, type CustomerSpec, type Seeded } from "./fixtures";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";

/** The text runs of a PDF, read back with PDF.js. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise;
  const runs: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) if ("str" in item && item.str.trim()) runs.push(item.str);
  }
  await doc.destroy();
  return runs;
}

/** The right edges of the amount cells (line, excl. VAT, VAT, total): one column means one edge. */
async function amountRightEdges(page: Page): Promise<number[]> {
  return page
    .getByTestId("invoice")
    .locator("table td:last-child")
    .evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().right)));
}

/** A customer with an address and a VAT number, and one paid purchase of 500 credits, bought through the real path. */
async function invoicedCustomer(seed: (spec: CustomerSpec) => Promise<Seeded>, db: Db) {
  const c = await seed({
    name: "Invoice Test Ltd",
    billingAddress: "5 Ledger Lane\nBristol BS1 4DJ\nUnited Kingdom",
    vatNumber: "GB246813579",
    accounts: [{ balance: "0" }],
    methods: ["card"],
  });
  const bought = await buyCredits(db, { customerAccountId: c.id, subsidiary: "GB", serviceName: c.sms[0]!, quantity: 500, actor: { type: "system", label: "e2e seed" } });
  if (!bought.ok || !bought.order.invoiceNumber) throw new Error("e2e seed: the invoice journey's purchase was refused");
  return { c, order: bought.order };
}

test.describe("invoices", () => {
  test("an invoice: numbered per seller, seller and customer blocks, a PDF that reads back, aligned at 375 px", async ({ page, seed, signIn, db }, info) => {
    const { c } = await invoicedCustomer(seed, db);
    await signIn(c.admin);

    // The ledger entry of the purchase leads to its invoice.
    await page.goto(`/telecom/sms/${c.sms[0]}/history`);
    const fromLedger = page.getByRole("link", { name: /^Invoice GB-\d{4}-\d{6}$/ });
    await expect(fromLedger).toHaveCount(1);
    const invoiceNumber = (await fromLedger.textContent())!.replace("Invoice ", "");

    // So does the orders list.
    await page.goto("/billing/orders");
    await page.getByRole("link", { name: `Invoice ${invoiceNumber}` }).click();
    await page.waitForURL(/\/billing\/orders\/\d+$/);
    const invoiceUrl = new URL(page.url()).pathname;
    expect(invoiceUrl).toMatch(/^\/billing\/orders\/\d+$/);
    await expect(page.getByTestId("invoice-title")).toHaveText(`Invoice ${invoiceNumber}`);
    const seller = page.getByTestId("invoice-seller");
    await expect(seller).toContainText("SMS Credits UK Ltd");
    await expect(seller).toContainText("London EC1A 1BB");
    await expect(seller).toContainText("VAT number: GB123456789");
    const customer = page.getByTestId("invoice-customer");
    await expect(customer).toContainText("Invoice Test Ltd");
    await expect(customer).toContainText("Bristol BS1 4DJ");
    await expect(customer).toContainText("VAT number: GB246813579");
    await expect(page.getByTestId("invoice-vat")).toHaveText("£5.80");
    await expect(page.getByTestId("invoice-total")).toHaveText("£34.80");
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: info.outputPath("invoice-1280.png"), fullPage: true });
    expect(new Set(await amountRightEdges(page)).size).toBe(1);

    // The PDF, downloaded as a person would, and read back.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`${invoiceNumber}.pdf`);
    const text = await pdfText(await readFile((await download.path())!));
    expect(text).toContain(`Invoice ${invoiceNumber}`);
    expect(text).toEqual(expect.arrayContaining(["500", "£0.058", "£29.00", "VAT (20%)", "£5.80", "£34.80"]));
    expect(text).toEqual(expect.arrayContaining(["SMS Credits UK Ltd", "10 Example Street", "VAT number: GB123456789"]));
    expect(text).toEqual(expect.arrayContaining(["Invoice Test Ltd", "5 Ledger Lane", "Bristol BS1 4DJ", "VAT number: GB246813579", `Customer account: ${c.nic}`]));

    // On a phone: no sideways scroll, and the amounts still form one column.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await expectNoHorizontalScroll(page);
    expect(new Set(await amountRightEdges(page)).size).toBe(1);
    await page.screenshot({ path: info.outputPath("invoice-375.png"), fullPage: true });
  });

  test("another customer's invoice is not found, as a page or as a PDF", async ({ page, seed, signIn, db }) => {
    const { order } = await invoicedCustomer(seed, db);
    const invoiceUrl = `/billing/orders/${order.id}`;
    const invoiceNumber = order.invoiceNumber!;
    await signIn((await seed({ accounts: [{ balance: "0" }], methods: ["card"] })).admin);
    const pdf = await page.request.get(`${invoiceUrl}/pdf`);
    expect(pdf.status()).toBe(404);
    expect(pdf.headers()["content-type"]).not.toContain("pdf");
    const response = await page.goto(invoiceUrl);
    expect(response!.status()).toBe(404);
    await expect(page.getByText(invoiceNumber)).toHaveCount(0);
    // The panel's answer, inside its one main landmark, with the way back to the orders.
    await expect(page.getByRole("heading", { name: "Order not found" })).toBeVisible();
    await expect(page.getByRole("main")).toHaveCount(1);
    await page.getByRole("link", { name: "Back to orders" }).click();
    await expect(page).toHaveURL(/\/billing\/orders$/);
  });
});
