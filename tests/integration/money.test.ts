import { eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { expect, it } from "vitest";
import { customerAccounts, ledgerEntries, orders, outgoingSms, paymentMethods, smsAccounts } from "@/db/schema";
import { seedDemo, seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { buyCredits } from "@/lib/billing/orders";
import { addCard, addSepaMandate, revokeMethod, validatePendingMandate } from "@/lib/billing/payment-methods";
import { hasValidMandate, recreditsDependingOn } from "@/lib/recredit/trigger";
import { recreditOutcome, recreditSentence, withRecredit } from "@/lib/recredit/outcome";
import { recreditState } from "@/lib/recredit/rules";
import { saveRecreditSettings } from "@/lib/recredit/settings";
import { sendSms } from "@/lib/sms/send";
import en from "@/messages/en.json";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };
const old = new Date(Date.now() - 400 * 86_400_000);
const t = createTranslator({ locale: "en-GB", messages: en, timeZone: "UTC" }) as unknown as (key: string, values?: Record<string, string | number>) => string;

describeOnBothDrivers("money the page tells about (issue 14)", (ctx) => {
  const mandateFor = async (customerAccountId: number, iban = "GB33 BUKB 2020 1555 5555 55") => {
    const added = await addSepaMandate(ctx.handle.db, { customerAccountId, holder: "Acme", iban, bic: "BUKBGB22", acceptMandate: true });
    if (!added.ok) throw new Error(added.code);
    await validatePendingMandate(ctx.handle.db, customerAccountId, added.method.id);
    return added.method.id;
  };

  it("names the accounts whose re-credit a revocation suspends: only for the customer's only valid mandate", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["300", "50", "20"], createdAt: old });
    const mandate = await mandateFor(c.customerId);
    const card = await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4242 4242 4242 4242", expiry: "12/40" });
    if (!card.ok) throw new Error(card.code);
    const [a, b] = c.accounts;
    for (const account of [b!, a!]) {
      expect(await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: account.serviceName, threshold: "1", amount: "500", actor })).toMatchObject({ ok: true });
    }
    const names = async (id: number) => (await recreditsDependingOn(ctx.handle.db, c.customerId, id)).map((x) => x.serviceName);
    expect(await names(mandate)).toEqual([a!.serviceName, b!.serviceName]);
    expect(await names(card.method.id)).toEqual([]);
    // Another customer cannot learn about these accounts through the method's id.
    const other = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    expect(await recreditsDependingOn(ctx.handle.db, other.customerId, mandate)).toEqual([]);
    // With a second valid mandate, revoking one suspends nothing.
    const second = await mandateFor(c.customerId, "FR14 2004 1010 0505 0001 3M02 606");
    expect(await names(mandate)).toEqual([]);
    await revokeMethod(ctx.handle.db, c.customerId, second);
    expect(await names(mandate)).toEqual([a!.serviceName, b!.serviceName]);

    await revokeMethod(ctx.handle.db, c.customerId, mandate);
    const mandateValid = await hasValidMandate(ctx.handle.db, c.customerId);
    expect(mandateValid).toBe(false);
    const [row] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, a!.id));
    expect(recreditState(row!, mandateValid)).toBe("suspended");
    const [off] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, c.accounts[2]!.id));
    expect(recreditState(off!, mandateValid)).toBe("off");
  });

  it("a re-credit fired by an action is told with credits, the order's amount and method, and the invoice; a failed one with why", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["412.5"], createdAt: old });
    const mandate = await mandateFor(c.customerId);
    const a = c.accounts[0]!;
    await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "412", amount: "500", actor });
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hello", receivers: "07400 123456", sender: "Acme", noStopClause: false, actor });
    if (!sent.ok) throw new Error(sent.code);
    const outcome = await recreditOutcome(ctx.handle.db, sent.recredit);
    expect(outcome).toMatchObject({ status: "succeeded", credits: 500, totalMinor: 3480n, currency: "GBP", method: "GB33 •••• •••• •••• •••• 55" });
    expect(recreditSentence(t, "en-GB", outcome!)).toBe("Automatic re-credit: 500 credits added, £34.80 charged to GB33 •••• •••• •••• •••• 55.");
    const told = await withRecredit(ctx.handle.db, sent.recredit, t, "en-GB", { message: "Sent.", result: { nextToken: "x" } });
    expect(told).toEqual({
      message: "Sent. Automatic re-credit: 500 credits added, £34.80 charged to GB33 •••• •••• •••• •••• 55.",
      result: { nextToken: "x", recreditStatus: "succeeded", recreditOrderId: String(outcome!.orderId) },
    });

    // No re-credit: the message is left as it is.
    const quiet = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "07400 123457", sender: "Acme", noStopClause: false, actor });
    if (!quiet.ok) throw new Error(quiet.code);
    expect(await withRecredit(ctx.handle.db, quiet.recredit, t, "en-GB", { message: "Sent." })).toEqual({ message: "Sent.", result: {} });

    // The mandate revoked: the next re-credit fails, and the confirmation says why.
    await revokeMethod(ctx.handle.db, c.customerId, mandate);
    const saved = await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "0", amount: "off", actor });
    expect(saved).toMatchObject({ ok: true });
    await ctx.handle.db.update(smsAccounts).set({ recreditAmount: 500, recreditThreshold: credits("2000") }).where(eq(smsAccounts.id, a.id));
    const failed = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "07400 123458", sender: "Acme", noStopClause: false, actor });
    if (!failed.ok) throw new Error(failed.code);
    const failure = await recreditOutcome(ctx.handle.db, failed.recredit);
    expect(failure).toMatchObject({ status: "failed", reason: "no_valid_mandate", orderId: null });
    expect(recreditSentence(t, "en-GB", failure!)).toBe("The automatic re-credit of 500 credits failed: no valid SEPA direct debit mandate.");
    expect((await withRecredit(ctx.handle.db, failed.recredit, t, "en-GB", { message: "Sent." })).result).toEqual({ recreditStatus: "failed" });
  });

  it("a declined payment names the method that was charged", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4242 4242 4242 4242", expiry: "12/40" });
    const declined = await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4000 0000 0000 0002", expiry: "12/40" });
    if (!declined.ok) throw new Error(declined.code);
    const result = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId,
      subsidiary: "GB",
      serviceName: c.accounts[0]!.serviceName,
      quantity: "250",
      paymentMethodId: declined.method.id,
      actor,
    });
    expect(result).toMatchObject({ ok: false, code: "payment_failed", reason: "declined", method: "Visa •••• 0002" });
  });

  it("seeds demo data that agrees with itself, once even when two seeds race", async () => {
    await seedReferenceData(ctx.handle.db);
    // Two `npm run db:seed` at once (on a server they race; on PGlite they queue): one demo, one order, one invoice.
    const seeds = await Promise.allSettled([seedDemo(ctx.handle.db), seedDemo(ctx.handle.db)]);
    expect(seeds.filter((r) => r.status === "fulfilled" && r.value === true)).toHaveLength(1);
    const demoOrders = await ctx.handle.db
      .select({ id: orders.id })
      .from(orders)
      .innerJoin(customerAccounts, eq(customerAccounts.id, orders.customerAccountId))
      .where(eq(customerAccounts.nicHandle, "ab12345-ovh"));
    expect(demoOrders).toHaveLength(1);
    const [sms1] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.serviceName, "sms-ab12345-1"));
    const entries = await ctx.handle.db.select().from(ledgerEntries).where(eq(ledgerEntries.smsAccountId, sms1!.id));
    const opening = entries.find((e) => e.referenceCode === "opening_balance")!;
    expect(opening.createdAt.getTime()).toBe(sms1!.createdAt.getTime());
    const spring = entries.find((e) => e.reference === "Spring campaign")!;
    const rows = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.ledgerEntryId, spring.id));
    expect(rows.length).toBe(60);
    expect(rows.reduce((sum, r) => sum + r.credits, 0n)).toBe(-spring.amount);
    expect(sms1!.creditsLeft).toBe(credits("412.5"));
    // The purchase on the ledger is a paid order with its invoice, paid by the mandate, dated with its entry.
    const bought = entries.find((e) => e.kind === "purchase")!;
    const [order] = await ctx.handle.db.select().from(orders).where(eq(orders.id, bought.orderId!));
    expect(order).toMatchObject({ status: "paid", quantity: 100, totalMinor: 720n, currency: "GBP" });
    expect(order!.invoiceNumber).toMatch(/\d/);
    expect(order!.paidAt!.getTime()).toBe(bought.createdAt.getTime());
    expect(opening.createdAt < bought.createdAt && bought.createdAt < spring.createdAt).toBe(true);
    const [mandate] = await ctx.handle.db.select().from(paymentMethods).where(eq(paymentMethods.customerAccountId, sms1!.customerAccountId));
    expect(mandate).toMatchObject({ type: "sepa_direct_debit", status: "valid" });
    expect(mandate!.maskedNumber.startsWith("IE")).toBe(true); // SEPA debits a euro account
  });
});
