import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { orders, paymentMethods, recreditAttempts, recreditSettingChanges, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { ledgerViolations } from "@/lib/credits/invariants";
import { addCard, addSepaMandate, revokeMethod, validatePendingMandate } from "@/lib/billing/payment-methods";
import { saveRecreditSettings } from "@/lib/recredit/settings";
import { sendSms } from "@/lib/sms/send";
import { transferCredits } from "@/lib/credits/transfers";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };
const old = new Date(Date.now() - 400 * 86_400_000);
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

describeOnBothDrivers("automatic re-credit, payment methods and sending", (ctx) => {
  const account = async (id: number) => (await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, id)))[0]!;
  const withMandate = async (balances: string[], createdAt = old) => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances, createdAt });
    const added = await addSepaMandate(ctx.handle.db, { customerAccountId: c.customerId, holder: "Acme", iban: "GB33 BUKB 2020 1555 5555 55", bic: "BUKBGB22", acceptMandate: true });
    if (!added.ok) throw new Error(added.code);
    expect(added.method).toMatchObject({ status: "pending_validation", maskedNumber: "GB33 •••• •••• •••• •••• 55" });
    const valid = await validatePendingMandate(ctx.handle.db, c.customerId, added.method.id);
    expect(valid).toMatchObject({ ok: true, method: { status: "valid" } });
    return { ...c, mandateId: added.method.id };
  };

  it("checks IBAN, BIC, mandate acceptance and cards, and stores only masked numbers", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    const base = { customerAccountId: c.customerId, holder: "Acme", bic: "BUKBGB22", acceptMandate: true };
    expect(await addSepaMandate(ctx.handle.db, { ...base, iban: "GB33 BUKB 2020 1555 5555 56" })).toMatchObject({ ok: false, code: "iban_invalid" });
    expect(await addSepaMandate(ctx.handle.db, { ...base, iban: "GB33BUKB20201555555555", bic: "XX" })).toMatchObject({ ok: false, code: "bic_invalid" });
    expect(await addSepaMandate(ctx.handle.db, { ...base, iban: "GB33BUKB20201555555555", acceptMandate: false })).toMatchObject({ ok: false, code: "mandate_not_accepted" });
    expect(await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4242 4242 4242 4241", expiry: "12/30" })).toMatchObject({ ok: false, code: "card_number_invalid" });
    expect(await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4242424242424242", expiry: "01/20" })).toMatchObject({ ok: false, code: "card_expired" });
    const card = await addCard(ctx.handle.db, { customerAccountId: c.customerId, holder: "A", number: "4242 4242 4242 4242", expiry: "12/30" });
    expect(card).toMatchObject({ ok: true, method: { status: "valid", maskedNumber: "Visa •••• 4242", isDefault: true } });
    const stored = JSON.stringify(await ctx.handle.db.select().from(paymentMethods).where(eq(paymentMethods.customerAccountId, c.customerId)));
    expect(stored).not.toContain("4242424242424242");
    expect(stored).not.toContain("20201555555555");
  });

  it("refuses to enable without a valid mandate or before 2 calendar months, with the eligible date", async () => {
    await seedReferenceData(ctx.handle.db);
    const noMandate = await makeCustomer(ctx.handle.db, { balances: ["50"], createdAt: old });
    expect(await saveRecreditSettings(ctx.handle.db, { customerAccountId: noMandate.customerId, serviceName: noMandate.accounts[0]!.serviceName, threshold: "10", amount: "500", actor })).toMatchObject({ ok: false, code: "no_valid_mandate" });
    const young = await withMandate(["50"], new Date("2026-11-08T10:00:00Z"));
    const refused = await saveRecreditSettings(ctx.handle.db, { customerAccountId: young.customerId, serviceName: young.accounts[0]!.serviceName, threshold: "10", amount: "500", actor, now: new Date("2026-11-29T12:00:00Z") });
    expect(refused).toEqual({ ok: false, code: "account_too_young", eligibleFrom: new Date("2027-01-08T00:00:00Z") });
    // Switching off is always allowed.
    expect(await saveRecreditSettings(ctx.handle.db, { customerAccountId: noMandate.customerId, serviceName: noMandate.accounts[0]!.serviceName, threshold: "0", amount: "off", actor })).toMatchObject({ ok: true });
  });

  it("fires once when saved at or below the threshold, and once per triggering debit, billed to the mandate", async () => {
    const c = await withMandate(["412.5", "0"]);
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const saved = await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "412", amount: "500", actor });
    expect(saved).toMatchObject({ ok: true, trigger: { fired: false } });
    // One SMS to a UK number (1 credit): 411.5 ≤ 412 → one re-credit of 500.
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hello", receivers: ["07400 123456"], sender: "Acme", actor });
    expect(sent).toMatchObject({ ok: true, totalCreditsRemoved: credits("1"), creditsLeft: credits("911.5"), validReceivers: ["+447400123456"] });
    expect((await account(a.id)).creditsLeft).toBe(credits("911.5"));
    const [order] = await ctx.handle.db.select().from(orders).where(eq(orders.smsAccountId, a.id));
    expect(order).toMatchObject({ kind: "auto_recredit", status: "paid", quantity: 500, paymentMethodId: c.mandateId, amountExclVatMinor: 2900n, vatMinor: 580n });
    // A transfer out that stays above the threshold does not fire.
    await transferCredits(ctx.handle.db, { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "400", actor });
    expect((await account(a.id)).creditsLeft).toBe(credits("511.5"));
    // Saving with the balance already below the threshold fires at once.
    const resaved = await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "600", amount: "100", actor });
    expect(resaved).toMatchObject({ ok: true, trigger: { fired: true, attempt: { status: "succeeded", amount: 100 } } });
    expect((await account(a.id)).creditsLeft).toBe(credits("611.5"));
    expect(await ctx.handle.db.select().from(recreditSettingChanges).where(eq(recreditSettingChanges.smsAccountId, a.id))).toHaveLength(2);
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });

  it("records failed attempts with their reason and switches itself off after 3 in a row", async () => {
    const c = await withMandate(["100"]);
    const a = c.accounts[0]!;
    await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "99", amount: "200", actor });
    await revokeMethod(ctx.handle.db, c.customerId, c.mandateId);
    for (let i = 0; i < 3; i++) {
      const r = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "x", receivers: "+447400123456", sender: "Acme", actor });
      expect(r).toMatchObject({ ok: true });
    }
    const attempts = await ctx.handle.db.select().from(recreditAttempts).where(eq(recreditAttempts.smsAccountId, a.id));
    expect(attempts.map((x) => [x.status, x.reason, x.switchedOff])).toEqual([
      ["failed", "no_valid_mandate", false],
      ["failed", "no_valid_mandate", false],
      ["failed", "no_valid_mandate", true],
    ]);
    expect(await account(a.id)).toMatchObject({ recreditAmount: null, creditsLeft: credits("97") });
    // Off now: a fourth debit records nothing.
    await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "x", receivers: "+447400123456", sender: "Acme", actor });
    expect(await ctx.handle.db.select().from(recreditAttempts).where(eq(recreditAttempts.smsAccountId, a.id))).toHaveLength(3);
  });

  it("sends all or nothing, says how many credits are missing, and reports invalid numbers", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["1.5"] });
    const a = c.accounts[0]!;
    const short = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "+447400123456, +447400123457", sender: "Acme", actor });
    expect(short).toEqual({ ok: false, code: "insufficient_credits", balance: credits("1.5"), cost: credits("2"), missing: credits("0.5") });
    expect((await account(a.id)).creditsLeft).toBe(credits("1.5"));
    const india = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "+91 98765 43210\nnot-a-number\n+447400120000", sender: "Acme", actor });
    expect(india).toMatchObject({ ok: true, totalCreditsRemoved: credits("1.4"), validReceivers: ["+919876543210", "+447400120000"], invalidReceivers: ["not-a-number"] });
    const states = rowsOf<{ receiver: string; status: string; ptt: number }>(await ctx.handle.db.execute(sql`select receiver, status, ptt from outgoing_sms where sms_account_id = ${a.id} order by id`));
    expect(states).toEqual([
      { receiver: "+919876543210", status: "delivered", ptt: 0 },
      { receiver: "+447400120000", status: "failed", ptt: 53 },
    ]);
    expect(await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "12", sender: "Acme", actor })).toMatchObject({ ok: false, code: "no_valid_recipient" });
    expect(await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: "+447400123456", sender: "Too long sender name", actor })).toMatchObject({ ok: false, code: "sender_invalid" });
  });

  if (ctx.driver === "pg") {
    it("under concurrent sends and transfers crossing the threshold: exactly one re-credit per triggering debit", async () => {
      const c = await withMandate(["150", "150", "150"]);
      const names = c.accounts.map((x) => x.serviceName);
      for (const name of names) {
        await saveRecreditSettings(ctx.handle.db, { customerAccountId: c.customerId, serviceName: name, threshold: "100", amount: "100", actor });
      }
      const ops = Array.from({ length: 90 }, (_, i) =>
        i % 3 === 0
          ? transferCredits(ctx.handle.db, { customerAccountId: c.customerId, source: names[i % 3]!, target: names[(i + 1) % 3]!, amount: "7.5", actor })
          : sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: names[i % 3]!, message: "x".repeat(200), receivers: "+447400123456", sender: "Acme", actor }),
      );
      const results = await Promise.all(ops);
      // A debit may be refused while a re-credit is being charged (the credits arrive after its commit), never for another reason.
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "insufficient_credits")).toBe(true);
      expect(results.filter((r) => r.ok).length).toBeGreaterThan(60);
      expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
      // Every re-credit names the debit that decided it: a debit of that account that left it at or below the threshold.
      const attempts = rowsOf<{ status: string; kind: string | null; same: boolean; balance_after: string | null; order_status: string | null }>(
        await ctx.handle.db.execute(sql`select a.status, l.kind, l.sms_account_id = a.sms_account_id as same, l.balance_after::text, o.status as order_status
          from recredit_attempts a join sms_accounts s on s.id = a.sms_account_id
          left join ledger_entries l on l.id = a.trigger_entry_id left join orders o on o.id = a.order_id
          where s.customer_account_id = ${c.customerId}`),
      );
      expect(attempts.length).toBeGreaterThan(0);
      for (const a of attempts) {
        expect(["sms_consumption", "transfer_out"]).toContain(a.kind);
        expect(a.same).toBe(true);
        expect(credits(a.balance_after!)).toBeLessThanOrEqual(credits("100"));
        // Charged right after the debit's commit: nothing is left pending.
        expect([a.status, a.order_status]).toEqual(["succeeded", "paid"]);
      }
      // And a debit that left an account at or below the threshold with no re-credit under way decided one: replay
      // each account's ledger — between a triggering debit and its re-credit's credit, no other debit fires again.
      const entries = rowsOf<{ id: string; sms_account_id: number; kind: string; balance_after: string; fired: boolean }>(
        await ctx.handle.db.execute(sql`select l.id::text, l.sms_account_id, l.kind, l.balance_after::text,
            exists (select 1 from recredit_attempts a where a.trigger_entry_id = l.id) as fired
          from ledger_entries l join sms_accounts s on s.id = l.sms_account_id where s.customer_account_id = ${c.customerId} order by l.id`),
      );
      const underWay = new Map<number, boolean>();
      let fired = 0;
      for (const e of entries) {
        if (e.kind === "auto_recredit") underWay.set(e.sms_account_id, false);
        if (e.kind !== "sms_consumption" && e.kind !== "transfer_out") continue;
        const due = credits(e.balance_after) <= credits("100");
        if (e.fired) {
          fired++;
          expect(due).toBe(true);
          expect(underWay.get(e.sms_account_id) ?? false).toBe(false); // never two at once
          underWay.set(e.sms_account_id, true);
        } else if (due) {
          expect(underWay.get(e.sms_account_id)).toBe(true); // due, but one was already under way
        }
      }
      expect(fired).toBe(attempts.length);
      const paid = rowsOf<{ n: number }>(await ctx.handle.db.execute(sql`select count(*)::int as n from orders where customer_account_id = ${c.customerId} and kind = 'auto_recredit' and status = 'paid'`));
      expect(paid[0]!.n).toBe(attempts.length);
    }, 60_000);
  }
});
