import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { orders, paymentMethods, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { dailyBalances, iterateHistory, listHistory, parseHistoryFilter } from "@/lib/credits/history";
import { postEntry } from "@/lib/credits/ledger";
import { buyCredits, validPaymentMethods } from "@/lib/billing/orders";
import { destinationPartPrice } from "@/lib/sms/rates";
import { transferCredits } from "@/lib/credits/transfers";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";
import { ledgerViolations } from "@/lib/credits/invariants";

const actor = { type: "user" as const, userId: 1, label: "test" };

describeOnBothDrivers("buying credits and reading history", (ctx) => {
  const addMethod = async (customerAccountId: number, providerReference: string, status: "valid" | "revoked" = "valid") => {
    const [m] = await ctx.handle.db
      .insert(paymentMethods)
      .values({ customerAccountId, type: "card", status, maskedNumber: "Visa •••• 0000", holder: "T", providerReference })
      .returning();
    return m!.id;
  };
  const balance = async (id: number) =>
    (await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, id)))[0]!.creditsLeft;

  it("prices one SMS part to a destination at the smallest quantity's unit price, and knows no price for an unknown one", async () => {
    await seedReferenceData(ctx.handle.db);
    // GB: 1 credit per UK SMS, £0.06 a credit for 100 credits → 6 pence.
    expect(await destinationPartPrice(ctx.handle.db, "GB", "GB")).toEqual({ credits: credits("1"), priceMinor: 6n, currency: "GBP" });
    expect(await destinationPartPrice(ctx.handle.db, "GB", "ZZ")).toBeNull();
  });

  it("buys a pack at the tier price with VAT; credits arrive only when the payment succeeds", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["10"], subsidiary: "GB" });
    const account = c.accounts[0]!;
    const good = await addMethod(c.customerId, "sandbox_card_ok_1");
    const result = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: "500", paymentMethodId: good, idempotency: { scope: `customer:${c.customerId}`, key: "k1" }, actor,
    });
    expect(result).toMatchObject({ ok: true, replayed: false, balance: credits("510") });
    if (!result.ok) throw new Error("refused");
    expect(result.order).toMatchObject({ status: "paid", quantity: 500, amountExclVatMinor: 2900n, vatMinor: 580n, totalMinor: 3480n, currency: "GBP", vatBasisPoints: 2000 });
    // Resubmitting the same form changes nothing.
    const again = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: "500", paymentMethodId: good, idempotency: { scope: `customer:${c.customerId}`, key: "k1" }, actor,
    });
    expect(again).toMatchObject({ ok: true, replayed: true, order: { id: result.order.id } });
    expect(await balance(account.id)).toBe(credits("510"));

    const declined = await addMethod(c.customerId, "sandbox_card_declined_1");
    const refused = await buyCredits(ctx.handle.db, {
      customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: 1000, paymentMethodId: declined, idempotency: { scope: `customer:${c.customerId}`, key: "k2" }, actor,
    });
    expect(refused).toMatchObject({ ok: false, code: "payment_failed", reason: "declined" });
    expect(await balance(account.id)).toBe(credits("510"));
    const failedOrder = (await ctx.handle.db.select().from(orders).where(eq(orders.id, refused.ok ? -1 : refused.code === "payment_failed" ? refused.orderId : -1)))[0]!;
    expect(failedOrder).toMatchObject({ status: "failed", failureReason: "declined" });

    const revoked = await addMethod(c.customerId, "sandbox_mandate_1", "revoked");
    expect(await buyCredits(ctx.handle.db, { customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: 100, paymentMethodId: revoked, actor })).toMatchObject({ ok: false, code: "payment_method_not_valid" });
    const other = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    expect(await buyCredits(ctx.handle.db, { customerAccountId: other.customerId, subsidiary: "GB", serviceName: other.accounts[0]!.serviceName, quantity: 100, paymentMethodId: good, actor })).toMatchObject({ ok: false, code: "payment_method_not_found" });
    // Without a method (the API): the customer's default valid one; none at all is its own refusal.
    expect(await buyCredits(ctx.handle.db, { customerAccountId: other.customerId, subsidiary: "GB", serviceName: other.accounts[0]!.serviceName, quantity: 100, actor })).toMatchObject({ ok: false, code: "no_payment_method" });
    const [first] = await validPaymentMethods(ctx.handle.db, c.customerId);
    const byDefault = await buyCredits(ctx.handle.db, { customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: 100, actor });
    const orderId = byDefault.ok ? byDefault.order.id : byDefault.code === "payment_failed" ? byDefault.orderId : null;
    expect(orderId).not.toBeNull();
    const [charged] = await ctx.handle.db.select().from(orders).where(eq(orders.id, orderId!));
    expect(charged!.paymentMethodId).toBe(first!.id);
    expect(await buyCredits(ctx.handle.db, { customerAccountId: other.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity: 100, paymentMethodId: good, actor })).toMatchObject({ ok: false, code: "account_not_found" });
    for (const [quantity, code] of [["99", "quantity_too_small"], ["1000001", "quantity_too_large"], ["12.5", "quantity_not_integer"], ["", "quantity_required"]] as const) {
      expect(await buyCredits(ctx.handle.db, { customerAccountId: c.customerId, subsidiary: "GB", serviceName: account.serviceName, quantity, paymentMethodId: good, actor })).toMatchObject({ ok: false, code });
    }
    expect(await balance(account.id)).toBe(credits("510"));
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });

  it("lists history newest first with filters and keyset pages, and the counterpart of transfers", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "0"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    for (let i = 0; i < 7; i++) {
      await transferCredits(ctx.handle.db, { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "1", actor });
    }
    const page1 = await listHistory(ctx.handle.db, a.id, {}, { limit: 3 });
    expect(page1.entries.map((e) => e.kind)).toEqual(["transfer_out", "transfer_out", "transfer_out"]);
    expect(page1.entries[0]!.counterpart).toBe(b.serviceName);
    const page3 = await listHistory(ctx.handle.db, a.id, {}, { limit: 3, beforeId: (await listHistory(ctx.handle.db, a.id, {}, { limit: 3, beforeId: page1.nextBeforeId! })).nextBeforeId! });
    expect(page3.entries.map((e) => e.kind)).toEqual(["transfer_out", "adjustment"]);
    expect(page3.nextBeforeId).toBeNull();
    const onlyAdjustments = await listHistory(ctx.handle.db, a.id, { kinds: ["adjustment"] }, { limit: 10 });
    expect(onlyAdjustments.entries).toHaveLength(1);
    const all = [];
    for await (const e of iterateHistory(ctx.handle.db, a.id, {}, 2)) all.push(e.id);
    expect(all).toHaveLength(8);
    expect([...all].sort((x, y) => (x > y ? -1 : 1))).toEqual(all);
    const received = await listHistory(ctx.handle.db, b.id, {}, { limit: 1 });
    expect(received.entries[0]).toMatchObject({ kind: "transfer_in", counterpart: a.serviceName });
  });

  it("gives a closing balance for each of the last 30 days", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    const id = c.accounts[0]!.id;
    const now = new Date("2026-11-29T12:00:00Z");
    const sys = { type: "system" as const, label: "t" };
    await ctx.handle.db.transaction(async (tx) => {
      await postEntry(tx, { smsAccountId: id, kind: "adjustment", amount: credits("50"), actor: sys, at: new Date("2026-10-01T10:00:00Z") });
      await postEntry(tx, { smsAccountId: id, kind: "adjustment", amount: credits("25.5"), actor: sys, at: new Date("2026-11-10T09:00:00Z") });
      await postEntry(tx, { smsAccountId: id, kind: "sms_consumption", amount: credits("-5"), actor: sys, at: new Date("2026-11-10T23:59:00Z") });
    });
    const series = await dailyBalances(ctx.handle.db, id, 30, now);
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: "2026-10-31", balance: credits("50") });
    expect(series.find((d) => d.day === "2026-11-09")!.balance).toBe(credits("50"));
    expect(series.find((d) => d.day === "2026-11-10")!.balance).toBe(credits("70.5"));
    expect(series.at(-1)).toEqual({ day: "2026-11-29", balance: credits("70.5") });
    // An account with no entry yet: 0 every day.
    const fresh = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    const empty = await dailyBalances(ctx.handle.db, fresh.accounts[0]!.id, 7, now);
    expect(empty.map((d) => d.day)).toEqual(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]);
    expect(empty.every((d) => d.balance === 0n)).toBe(true);
  });
});

it("parses history filters strictly", () => {
  expect(parseHistoryFilter({ kind: "purchase", from: "2026-11-01", to: "2026-11-30" })).toEqual({
    ok: true,
    filter: { kinds: ["purchase"], from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
  });
  expect(parseHistoryFilter({ kind: "refund" })).toEqual({ ok: false, error: "invalid_kind" });
  expect(parseHistoryFilter({ from: "2026-02-30" })).toEqual({ ok: false, error: "invalid_date" });
  expect(parseHistoryFilter({ from: "2026-11-30", to: "2026-11-01" })).toEqual({ ok: false, error: "date_range" });
});
