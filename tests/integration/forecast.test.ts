import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { outgoingSms, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { accountForecast, consumedSince, windowStart } from "@/lib/credits/forecast";
import { postEntry, type PostEntryInput } from "@/lib/credits/ledger";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/** The forecast on a seeded history: consumption of the last 30 days only, refunds deducted, transfers ignored. */
const system = { type: "system" as const, label: "seed" };
const DAY = 86_400_000;

describeOnBothDrivers("forecast on a seeded history", (ctx) => {
  it("counts the last 30 days' SMS consumption less refunds, and dates and prices the re-credit", async () => {
    const db = ctx.handle.db;
    await seedReferenceData(db);
    const c = await makeCustomer(db, { balances: ["0"] });
    const a = c.accounts[0]!;
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const post = (input: Omit<PostEntryInput, "smsAccountId" | "actor">) => db.transaction((tx) => postEntry(tx, { smsAccountId: a.id, actor: system, ...input }));
    await post({ kind: "purchase", amount: credits("2000"), at: ago(60) });
    await post({ kind: "sms_consumption", amount: -credits("500"), at: ago(45) }); // before the window
    await post({ kind: "sms_consumption", amount: -credits("200"), at: ago(29) });
    await post({ kind: "transfer_out", amount: -credits("300"), at: ago(20) }); // not consumption
    await post({ kind: "sms_consumption", amount: -credits("100.5"), at: ago(10) });
    const failed = await post({ kind: "sms_consumption", amount: -credits("0.5"), at: ago(5) });
    // The carrier could not deliver that one: its credits came back, a refund (adjustment) that is not consumption.
    const refund = await post({ kind: "adjustment", amount: credits("0.5"), at: ago(4) });
    await db.insert(outgoingSms).values({
      smsAccountId: a.id, receiver: "+447400123456", sender: "Acme", message: "x", encoding: "GSM7", parts: 1, credits: credits("0.5"),
      status: "failed", ptt: 801, ledgerEntryId: failed.entryId, refundEntryId: refund.entryId,
    });
    await post({ kind: "adjustment", amount: credits("10"), at: ago(3) }); // a goodwill adjustment: not a refund
    await post({ kind: "sms_consumption", amount: -credits("1.5"), at: ago(1) });
    // Consumed in 30 days: 200 + 100.5 + 0.5 − 0.5 (refunded) + 1.5 = 302.
    expect(await consumedSince(db, a.id, windowStart(now))).toBe(credits("302"));
    const [account] = await db.select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    expect(account!.creditsLeft).toBe(credits("908"));

    const off = await accountForecast(db, account!, { subsidiary: "GB", recreditOn: false, now });
    // 908 × 30 / 302 = 90.19… → about 90 days.
    expect(off).toEqual({ consumption: "some", dailyRate: credits("10.06"), daysLeft: 90, recredit: null });

    const on = await accountForecast(db, { ...account!, recreditThreshold: credits("100"), recreditAmount: 500 }, { subsidiary: "GB", recreditOn: true, now });
    // (908 − 100) × 30 / 302 = 80.26… → the 81st day from today; 500 credits in the UK cost £34.80 incl. VAT.
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    expect(on).toMatchObject({ consumption: "some", daysLeft: 90, recredit: { due: "later", amount: 500, date: new Date(today + 81 * DAY), quote: { totalMinor: 3480n, currency: "GBP" } } });

    const quiet = await makeCustomer(db, { balances: ["50"] });
    const [idle] = await db.select().from(smsAccounts).where(eq(smsAccounts.id, quiet.accounts[0]!.id));
    expect(await accountForecast(db, idle!, { subsidiary: "GB", recreditOn: false, now })).toEqual({ consumption: "none" });
  });
});
