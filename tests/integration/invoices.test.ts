import { and, eq, isNotNull, like } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { expect, it } from "vitest";
import { customerAccounts, orders, paymentMethods } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import en from "@/messages/en.json";
import pl from "@/messages/pl.json";
import { invoiceContent, isIssuedInvoice, type Translate } from "@/lib/billing/invoice-document";
import { renderInvoicePdf } from "@/lib/billing/invoice-pdf";
import { creditPaidOrder, insertPendingOrder } from "@/lib/billing/order-records";
import { settleOrder } from "@/lib/billing/order-settlement";
import { listHistory } from "@/lib/credits/history";
import { buyCredits, findOrder, listOrders } from "@/lib/billing/orders";
import { quoteForSubsidiary } from "@/lib/billing/price-tiers";
import type { Subsidiary } from "@/lib/billing/subsidiaries";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };

type Run = { str: string; left: number; right: number; y: number };

/** The text of every page of a PDF, one string per drawn text run, read back with PDF.js. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  return (await pdfRuns(bytes)).map((r) => r.str);
}

/** The text runs with their right edge and baseline, in points. */
async function pdfRuns(bytes: Uint8Array): Promise<Run[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise;
  const runs: Run[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) {
      if ("str" in item && item.str.trim()) runs.push({ str: item.str, left: item.transform[4], right: Math.round(item.transform[4] + item.width), y: item.transform[5] });
    }
  }
  await doc.destroy();
  return runs;
}

function translator(messages: typeof en, locale: string): Translate {
  const t = createTranslator({ locale, messages, timeZone: "UTC" });
  return (key, values) => t(key as never, values as never);
}

describeOnBothDrivers("invoices", (ctx) => {
  const customerWithCard = async (subsidiary: Subsidiary, details: { name?: string; address?: string; vat?: string } = {}) => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["0", "0"], subsidiary });
    await ctx.handle.db
      .update(customerAccounts)
      .set({ ...(details.name ? { name: details.name } : {}), billingAddress: details.address ?? null, vatNumber: details.vat ?? null })
      .where(eq(customerAccounts.id, c.customerId));
    const [m] = await ctx.handle.db
      .insert(paymentMethods)
      .values({ customerAccountId: c.customerId, type: "card", status: "valid", maskedNumber: "Visa •••• 4242", holder: "T", providerReference: `sandbox_card_ok_${c.customerId}` })
      .returning();
    return { ...c, methodId: m!.id, subsidiary };
  };
  const numbersOf = async (prefix: string) =>
    (
      await ctx.handle.db
        .select({ n: orders.invoiceNumber })
        .from(orders)
        .where(and(isNotNull(orders.invoiceNumber), like(orders.invoiceNumber, `${prefix}-%`)))
    ).map((r) => r.n!);
  const sequence = (numbers: string[]) => numbers.map((n) => Number(n.split("-")[2])).sort((a, b) => a - b);

  it("numbers each seller's invoices 1, 2, 3… with no gap and no duplicate under concurrent settlements", async () => {
    await seedReferenceData(ctx.handle.db);
    const customers = await Promise.all([
      customerWithCard("GB"),
      customerWithCard("GB"),
      customerWithCard("GB"),
      customerWithCard("FR"),
      customerWithCard("FR"),
    ]);
    // 40 purchases at once, spread over five customers, two SMS accounts each, two sellers: each settles (and numbers
    // its invoice) in its own transaction, concurrently on PostgreSQL's pool.
    const purchases = Array.from({ length: 40 }, (_, i) => {
      const c = customers[i % customers.length]!;
      return buyCredits(ctx.handle.db, {
        customerAccountId: c.customerId,
        subsidiary: c.subsidiary,
        serviceName: c.accounts[i % 2]!.serviceName,
        quantity: 100 + i,
        paymentMethodId: c.methodId,
        actor,
      });
    });
    const results = await Promise.all(purchases);
    expect(results.every((r) => r.ok)).toBe(true);
    const year = new Date().getUTCFullYear();
    for (const prefix of ["GB", "FR"]) {
      const numbers = await numbersOf(prefix);
      expect(numbers).toHaveLength(24 * Number(prefix === "GB") + 16 * Number(prefix === "FR"));
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(sequence(numbers)).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      for (const n of numbers) expect(n).toMatch(new RegExp(`^${prefix}-${year}-\\d{6}$`));
    }
    // Every paid order got its number in the transaction that paid it; the order id is not the invoice number.
    for (const r of results) if (r.ok) expect(r.order.invoiceNumber).toMatch(/^(GB|FR)-\d{4}-\d{6}$/);
  });

  it("gives a number back when the settlement that took it rolls back", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await customerWithCard("IE");
    const pending = async () =>
      insertPendingOrder(ctx.handle.db, {
        customerAccountId: c.customerId,
        smsAccountId: c.accounts[0]!.id,
        kind: "purchase",
        quote: (await quoteForSubsidiary(ctx.handle.db, "IE", 100))!,
        paymentMethodId: c.methodId,
      });
    const first = await pending();
    expect((await settleOrder(ctx.handle.db, first.id))!.order.invoiceNumber).toMatch(/^IE-\d{4}-000001$/);

    const second = await pending();
    await expect(
      ctx.handle.db.transaction(async (tx) => {
        const credited = await creditPaidOrder(tx, second.id, actor);
        expect(credited!.order.invoiceNumber).toMatch(/-000002$/);
        throw new Error("crash after numbering");
      }),
    ).rejects.toThrow("crash after numbering");
    expect((await ctx.handle.db.select().from(orders).where(eq(orders.id, second.id)))[0]).toMatchObject({ status: "pending", invoiceNumber: null });
    // The next settlement takes the number the rolled back one had: still no gap.
    expect((await settleOrder(ctx.handle.db, second.id))!.order.invoiceNumber).toMatch(/^IE-\d{4}-000002$/);
    expect(sequence(await numbersOf("IE"))).toEqual([1, 2]);
    // Settling again changes nothing.
    expect((await settleOrder(ctx.handle.db, second.id))!.order.invoiceNumber).toMatch(/-000002$/);
  });

  it("prints the number, the exact amounts, the VAT and both parties in a PDF that reads back", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await customerWithCard("GB", { name: "Acme Test Ltd", address: "1 Test Road\nLeeds LS1 1AA\nUnited Kingdom", vat: "GB555000111" });
    const bought = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId, subsidiary: "GB", serviceName: c.accounts[0]!.serviceName, quantity: 500, paymentMethodId: c.methodId, actor,
    });
    if (!bought.ok) throw new Error(`refused: ${bought.code}`);
    const order = (await findOrder(ctx.handle.db, c.customerId, bought.order.id))!;
    expect(isIssuedInvoice(order)).toBe(true);
    if (!isIssuedInvoice(order)) return;
    // The ledger entry and the orders list lead to it by its invoice number.
    const { entries } = await listHistory(ctx.handle.db, c.accounts[0]!.id, {}, { limit: 5 });
    expect(entries[0]).toMatchObject({ kind: "purchase", orderId: order.id, invoiceNumber: order.invoiceNumber });
    expect((await listOrders(ctx.handle.db, c.customerId))[0]).toMatchObject({ id: order.id, invoiceNumber: order.invoiceNumber });
    // Another customer does not see it.
    const other = await customerWithCard("GB");
    expect(await findOrder(ctx.handle.db, other.customerId, bought.order.id)).toBeNull();
    // As a URL names it: the same order by its text, nothing for a text that is not a canonical id, nor for another customer.
    expect((await findOrder(ctx.handle.db, c.customerId, String(bought.order.id)))?.id).toBe(bought.order.id);
    for (const bad of [`0${bought.order.id}`, `${bought.order.id}.0`, "0x1", "", "99999999999"]) expect(await findOrder(ctx.handle.db, c.customerId, bad), bad).toBeNull();
    expect(await findOrder(ctx.handle.db, other.customerId, String(bought.order.id))).toBeNull();

    const pdf = await renderInvoicePdf(invoiceContent(order, translator(en, "en-GB"), "en-GB"));
    const text = await pdfText(pdf);
    // The amounts form one right-aligned column, under their heading.
    const runs = await pdfRuns(pdf);
    const edge = (str: string) => runs.find((r) => r.str === str)!.right;
    const amountHeading = runs.find((r) => r.str.startsWith("AMOUNT"))!.str;
    expect(new Set([amountHeading, "£29.00", "£5.80", "£34.80"].map(edge)).size).toBe(1);
    // No two text runs overlap on a line (headings wrap within their columns).
    const lines = new Map<number, Run[]>();
    for (const r of runs) lines.set(Math.round(r.y), [...(lines.get(Math.round(r.y)) ?? []), r]);
    for (const line of lines.values()) {
      const sorted = line.toSorted((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.left, `${sorted[i - 1]!.str} / ${sorted[i]!.str}`).toBeGreaterThan(sorted[i - 1]!.right);
    }
    expect(new Set([runs.find((r) => r.str.startsWith("QUANTITY"))!.str, "500"].map(edge)).size).toBe(1);
    expect(text).toContain(`Invoice ${order.invoiceNumber}`);
    expect(text).toContain(order.invoiceNumber);
    expect(text).toContain(`Order #${order.id}`);
    // 500 credits at £0.058: £29.00 + 20 % VAT £5.80 = £34.80, exactly.
    expect(text).toEqual(expect.arrayContaining(["500", "£0.058", "£29.00", "VAT (20%)", "£5.80", "£34.80"]));
    // Seller block (the GB subsidiary's seeded entity) and customer block.
    expect(text).toEqual(expect.arrayContaining(["SMS Credits UK Ltd", "10 Example Street", "London EC1A 1BB", "VAT number: GB123456789"]));
    expect(text).toEqual(expect.arrayContaining(["Acme Test Ltd", "1 Test Road", "Leeds LS1 1AA", "VAT number: GB555000111", `Customer account: ${order.invoiceParties.customer.nicHandle}`]));
    expect(text).toContain("Visa •••• 4242");

    // A customer whose VAT number is unknown gets no VAT line; an address change does not alter an issued invoice.
    await ctx.handle.db.update(customerAccounts).set({ billingAddress: "New address", vatNumber: null }).where(eq(customerAccounts.id, c.customerId));
    const again = (await findOrder(ctx.handle.db, c.customerId, order.id))!;
    expect(again.invoiceParties).toEqual(order.invoiceParties);
  });

  it("prints Polish letters and złoty amounts of a PL invoice", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await customerWithCard("PL", { name: "Łódź Żurek Sp. z o.o.", address: "ul. Świętokrzyska 1\n00-360 Warszawa" });
    const bought = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId, subsidiary: "PL", serviceName: c.accounts[1]!.serviceName, quantity: 1000, paymentMethodId: c.methodId, actor,
    });
    if (!bought.ok) throw new Error(`refused: ${bought.code}`);
    const order = (await findOrder(ctx.handle.db, c.customerId, bought.order.id))!;
    if (!isIssuedInvoice(order)) throw new Error("not issued");
    expect(order.invoiceNumber).toMatch(/^PL-\d{4}-000001$/);
    const text = await pdfText(await renderInvoicePdf(invoiceContent(order, translator(pl as typeof en, "pl-PL"), "pl-PL")));
    const nbsp = (s: string) => s.replace(/\s/g, " ");
    const normalised = text.map(nbsp);
    // 1000 credits at 0.275 zł: 275.00 zł + 23 % VAT 63.25 zł = 338.25 zł.
    expect(normalised).toEqual(expect.arrayContaining(["275,00 zł", "63,25 zł", "338,25 zł", "VAT (23%)"]));
    expect(normalised).toEqual(expect.arrayContaining(["Łódź Żurek Sp. z o.o.", "ul. Świętokrzyska 1", "SMS Credits Polska Sp. z o.o.", "ul. Przykładowa 6"]));
    // No VAT number known for this customer: only the seller's is printed.
    expect(normalised.filter((s) => s.startsWith("NIP:"))).toEqual(["NIP: PL1234567890"]);
  });
});
