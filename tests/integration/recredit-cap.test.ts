import { createTranslator } from "next-intl";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { orders, recreditAttempts, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import en from "@/messages/en.json";
import { credits } from "@/lib/credits/amounts";
import { ledgerViolations } from "@/lib/credits/invariants";
import { addSepaMandate, validatePendingMandate } from "@/lib/billing/payment-methods";
import { recreditSpentThisMonth } from "@/lib/recredit/cap";
import { withRecredit } from "@/lib/recredit/outcome";
import { saveRecreditSettings } from "@/lib/recredit/settings";
import { transferCredits } from "@/lib/credits/transfers";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/** The monthly spending cap on automatic re-credits: refused with its reason, never exceeded under concurrency. */
const actor = { type: "user" as const, userId: 1, label: "test" };
const old = new Date(Date.now() - 400 * 86_400_000);
const t = createTranslator({ locale: "en-GB", messages: en, timeZone: "UTC" }) as unknown as (key: string, values?: Record<string, string | number>) => string;
// A re-credit of 500 credits in the UK: £29.00 + VAT £5.80 = £34.80.
const PRICE = 3480n;

describeOnBothDrivers("monthly spending cap on automatic re-credit", (ctx) => {
  const db = () => ctx.handle.db;
  const withMandate = async (balances: string[]) => {
    await seedReferenceData(db());
    const c = await makeCustomer(db(), { balances, createdAt: old });
    const added = await addSepaMandate(db(), { customerAccountId: c.customerId, holder: "Acme", iban: "GB33 BUKB 2020 1555 5555 55", bic: "BUKBGB22", acceptMandate: true });
    if (!added.ok) throw new Error(added.code);
    await validatePendingMandate(db(), c.customerId, added.method.id);
    return c;
  };
  const recreditOrders = (id: number) => db().select().from(orders).where(and(eq(orders.smsAccountId, id), eq(orders.kind, "auto_recredit")));
  const attempts = (id: number) => db().select().from(recreditAttempts).where(eq(recreditAttempts.smsAccountId, id)).orderBy(recreditAttempts.id);

  it("refuses a re-credit that would exceed the cap, says why, records it once and keeps the option on", async () => {
    const c = await withMandate(["420", "0"]);
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    expect(await saveRecreditSettings(db(), { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "412", amount: "500", monthlyCap: "1.005", actor })).toEqual({ ok: false, code: "cap_too_precise" });
    expect(await saveRecreditSettings(db(), { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "412", amount: "500", monthlyCap: "50", actor })).toMatchObject({
      ok: true,
      account: { recreditMonthlyCapMinor: 5000n },
    });
    // First crossing: £34.80 of £50.00 → paid.
    const first = await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "10", actor });
    expect(first).toMatchObject({ ok: true, recredit: { fired: true, attempt: { status: "succeeded" } } });
    expect(await recreditSpentThisMonth(db(), a.id)).toBe(PRICE);
    // Second crossing: £34.80 + £34.80 > £50.00 → refused with the cap's reason, not counted as a failure.
    const second = await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "500", actor });
    expect(second).toMatchObject({ ok: true, recredit: { fired: true, orderId: null, attempt: { status: "failed", reason: "monthly_cap_reached" } } });
    if (!second.ok) return;
    const told = await withRecredit(db(), second.recredit, t, "en-GB", { message: "Transferred." });
    expect(told.message).toBe(
      "Transferred. The automatic re-credit of 500 credits was refused: it would charge £34.80, and this month's re-credits already used £34.80 of the £50.00 cap.",
    );
    const [account] = await db().select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    expect(account).toMatchObject({ recreditAmount: 500, recreditConsecutiveFailures: 0, creditsLeft: credits("410") });
    // A third crossing in the same month records nothing more.
    const third = await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "1", actor });
    expect(third).toMatchObject({ ok: true, recredit: { fired: false } });
    expect((await attempts(a.id)).map((x) => x.reason)).toEqual([null, "monthly_cap_reached"]);
    // Raising the cap lets the next crossing fire.
    const raised = await saveRecreditSettings(db(), { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "412", amount: "500", monthlyCap: "69.60", actor });
    expect(raised).toMatchObject({ ok: true, trigger: { fired: true, attempt: { status: "succeeded" } } });
    expect(await recreditSpentThisMonth(db(), a.id)).toBe(2n * PRICE);
    // The API's partial PUT (no cap given) keeps it.
    expect(await saveRecreditSettings(db(), { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "100", amount: "500", actor })).toMatchObject({ ok: true, account: { recreditMonthlyCapMinor: 6960n } });
    expect(await ledgerViolations(db())).toEqual([]);
  });

  it("re-credits racing on concurrent debits never exceed the cap", async () => {
    const c = await withMandate(["1000", "0"]);
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    // Room for exactly one re-credit this month.
    await saveRecreditSettings(db(), { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "990", amount: "500", monthlyCap: "34.80", actor });
    // 30 transfers of 20 credits at once: each leaves the balance at or below 990 and decides a re-credit unless one
    // is under way or the cap refuses it.
    const results = await Promise.all(
      Array.from({ length: 30 }, () => transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "20", actor })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    // One more crossing after all have settled: the cap, used up, refuses it (if the race has not already recorded it).
    await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "20", actor });
    const charged = (await recreditOrders(a.id)).filter((o) => o.status !== "failed");
    expect(charged).toHaveLength(1);
    expect(charged.reduce((sum, o) => sum + o.totalMinor, 0n)).toBeLessThanOrEqual(3480n);
    expect(await recreditSpentThisMonth(db(), a.id)).toBe(PRICE);
    expect((await attempts(a.id)).filter((x) => x.reason === "monthly_cap_reached")).toHaveLength(1);
    const [account] = await db().select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    expect(account!.creditsLeft).toBe(credits("1000") - credits("620") + credits("500"));
    expect(await ledgerViolations(db())).toEqual([]);
  });
});
