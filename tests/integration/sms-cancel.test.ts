import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerEntries, outgoingSms, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { sandboxCarrier, type Carrier } from "@/lib/sms/carrier";
import { cancelScheduledSms } from "@/lib/sms/cancel";
import { handOffSms, sendSms } from "@/lib/sms/send";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };

/**
 * Cancelling a scheduled send (DELETE /sms/{serviceName}/jobs/{id}, the panel's cancel button): the credits taken at
 * acceptance come back exactly once, whatever races it — other cancels, or the job handing it off at that moment.
 */
describeOnBothDrivers("cancelling a scheduled send", (ctx) => {
  const setup = async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["100"] });
    const a = c.accounts[0]!;
    const sent = await sendSms(ctx.handle.db, {
      customerAccountId: c.customerId,
      serviceName: a.serviceName,
      message: "Later",
      receivers: ["+447400123456", "+447400123457"],
      sender: "Acme",
      actor,
      options: { differedPeriod: 60 },
    });
    if (!sent.ok) throw new Error(`send refused: ${sent.code}`);
    return { c, a, ids: sent.ids };
  };
  const balance = async (id: number) => (await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, id)))[0]!.creditsLeft;
  const refunds = async (id: number) =>
    ctx.handle.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.smsAccountId, id), eq(ledgerEntries.referenceCode, "sms_cancel")));
  const ledgerSum = async (id: number) =>
    BigInt(((await ctx.handle.db.execute(sql`select coalesce(sum(amount * 100), 0)::bigint::text as s from ledger_entries where sms_account_id = ${id}`)) as unknown as { rows: { s: string }[] }).rows[0]!.s);

  it("gives the credits back once, under ten concurrent cancels", async () => {
    const { c, a, ids } = await setup();
    expect(await balance(a.id)).toBe(credits("98"));
    const input = { customerAccountId: c.customerId, serviceName: a.serviceName, id: ids[0]!.toString(), actor };
    const results = await Promise.all(Array.from({ length: 10 }, () => cancelScheduledSms(ctx.handle.db, input)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.alreadyCanceled)).toHaveLength(1);
    expect(await balance(a.id)).toBe(credits("99"));
    expect(await refunds(a.id)).toHaveLength(1);
    expect(await ledgerSum(a.id)).toBe(credits("99"));
    const [row] = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.id, ids[0]!));
    expect(row).toMatchObject({ status: "canceled" });
    expect(row!.refundEntryId).not.toBeNull();
    // The other message of the job is untouched, and a cancelled one is never handed off, even when its time comes.
    await ctx.handle.db.update(outgoingSms).set({ deliverAfter: new Date(Date.now() - 1000) }).where(eq(outgoingSms.smsAccountId, a.id));
    const submitted: string[] = [];
    const carrier: Carrier = { ...sandboxCarrier, submit: async (m) => (submitted.push(m.id), sandboxCarrier.submit(m)) };
    expect(await handOffSms(ctx.handle.db, ids.map(String), carrier)).toEqual({ pending: 0 });
    expect(submitted).toEqual([ids[1]!.toString()]);
    expect(await balance(a.id)).toBe(credits("99"));
  });

  it("races the hand-off that starts at the same moment: either it is sent and kept, or cancelled and refunded once", async () => {
    for (let round = 0; round < 5; round++) {
      const { c, a, ids } = await setup();
      const id = ids[0]!;
      // Its time has come: the job and the cancels run at once.
      await ctx.handle.db.update(outgoingSms).set({ deliverAfter: new Date(Date.now() - 1000) }).where(eq(outgoingSms.id, id));
      const submitted: string[] = [];
      const carrier: Carrier = { ...sandboxCarrier, submit: async (m) => (submitted.push(m.id), sandboxCarrier.submit(m)) };
      const input = { customerAccountId: c.customerId, serviceName: a.serviceName, id: id.toString(), actor };
      const [handoff, ...cancels] = await Promise.all([
        handOffSms(ctx.handle.db, [id.toString()], carrier),
        cancelScheduledSms(ctx.handle.db, input),
        cancelScheduledSms(ctx.handle.db, input),
        cancelScheduledSms(ctx.handle.db, input),
      ]);
      const [row] = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.id, id));
      const cancelled = cancels.filter((r) => r.ok && !r.alreadyCanceled).length;
      if (row!.status === "canceled") {
        expect(submitted).toEqual([]);
        expect(cancelled).toBe(1);
        expect(await refunds(a.id)).toHaveLength(1);
        expect(await balance(a.id)).toBe(credits("99"));
        expect(handoff).toEqual({ pending: 0 });
      } else {
        expect(row!.status).toBe("delivered");
        expect(submitted).toEqual([id.toString()]);
        expect(cancelled).toBe(0);
        for (const r of cancels) expect(r).toMatchObject({ ok: false });
        expect(await refunds(a.id)).toHaveLength(0);
        expect(await balance(a.id)).toBe(credits("98"));
      }
      expect(await ledgerSum(a.id)).toBe(await balance(a.id));
    }
  });

  it("refuses what is not a scheduled send of this account, and changes nothing", async () => {
    const { c, a, ids } = await setup();
    const other = await makeCustomer(ctx.handle.db, { balances: ["10"] });
    const now = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Now", receivers: ["+447400123456"], sender: "Acme", actor });
    if (!now.ok) throw new Error("send refused");
    const cases: Array<[Parameters<typeof cancelScheduledSms>[1], string]> = [
      [{ customerAccountId: other.customerId, serviceName: a.serviceName, id: ids[0]!.toString(), actor }, "account_not_found"],
      [{ customerAccountId: other.customerId, serviceName: other.accounts[0]!.serviceName, id: ids[0]!.toString(), actor }, "job_not_found"],
      [{ customerAccountId: c.customerId, serviceName: a.serviceName, id: "12abc", actor }, "job_not_found"],
      [{ customerAccountId: c.customerId, serviceName: a.serviceName, id: now.ids[0]!.toString(), actor }, "job_not_scheduled"],
    ];
    for (const [input, code] of cases) expect(await cancelScheduledSms(ctx.handle.db, input)).toEqual({ ok: false, code });
    expect(await balance(a.id)).toBe(credits("97"));
    expect(await refunds(a.id)).toHaveLength(0);
  });
});
