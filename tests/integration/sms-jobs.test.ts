import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { outgoingSms, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { SANDBOX_REPLY_SHORT_CODE } from "@/lib/sms/carrier";
import { handOffSms, sendSms, stalePendingSms } from "@/lib/sms/send";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

describeOnBothDrivers("OVHcloud's job options on a send", (ctx) => {
  const setup = async () => {
    await seedReferenceData(ctx.handle.db);
    return makeCustomer(ctx.handle.db, { balances: ["100"] });
  };
  const balance = async (id: number) => (await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, id)))[0]!.creditsLeft;

  it("a scheduled send takes the credits now and hands off only at the time asked, from the job queue", async () => {
    const c = await setup();
    const a = c.accounts[0]!;
    const sent = await sendSms(ctx.handle.db, {
      customerAccountId: c.customerId,
      serviceName: a.serviceName,
      message: "Later",
      receivers: ["+447400123456"],
      sender: "",
      actor,
      options: { senderForResponse: true, differedPeriod: 30, smsClass: "flash", priority: "low", validityPeriod: 60 },
    });
    expect(sent).toMatchObject({ ok: true, totalCreditsRemoved: credits("1"), creditsLeft: credits("99") });
    if (!sent.ok) return;
    expect(await balance(a.id)).toBe(credits("99"));
    const [row] = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.id, sent.ids[0]!));
    expect(row).toMatchObject({ status: "pending", ptt: 254, sender: SANDBOX_REPLY_SHORT_CODE, smsClass: "flash", priority: "low", validityPeriod: 60 });
    const delay = (row!.deliverAfter!.getTime() - row!.createdAt.getTime()) / 1000;
    expect(delay).toBeCloseTo(30 * 60, 0);
    // Not before its time: neither a hand-off nor the housekeeping sweep sends it.
    expect(await handOffSms(ctx.handle.db, [sent.ids[0]!.toString()])).toEqual({ pending: 1 });
    expect(await stalePendingSms(ctx.handle.db, 0)).not.toContain(sent.ids[0]!.toString());
    const jobs = rowsOf<{ data: { ids: string[] }; delay: number }>(
      await ctx.handle.db.execute(sql`select data, extract(epoch from start_after - created_on)::float8 as delay from pgboss.job where name = 'handoff-sms'`),
    ).filter((j) => j.data.ids.includes(sent.ids[0]!.toString()));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.delay).toBeCloseTo(30 * 60, -1);
    // Its time come (moved back here), the job's hand-off delivers it.
    await ctx.handle.db.update(outgoingSms).set({ deliverAfter: new Date(Date.now() - 1000) }).where(eq(outgoingSms.id, sent.ids[0]!));
    expect(await handOffSms(ctx.handle.db, [sent.ids[0]!.toString()])).toEqual({ pending: 0 });
    const [delivered] = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.id, sent.ids[0]!));
    expect(delivered).toMatchObject({ status: "delivered", ptt: 0 });
  });

  it("an immediate send is handed off at once; 8bit coding counts the message as UCS-2", async () => {
    const c = await setup();
    const a = c.accounts[0]!;
    const text = "a".repeat(100); // 1 part in 7-bit, 2 in UCS-2 (70 per part)
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: text, receivers: ["+447400123456"], sender: "Acme", actor, options: { coding: "8bit" } });
    expect(sent).toMatchObject({ ok: true, totalCreditsRemoved: credits("2") });
    if (!sent.ok) return;
    const [row] = await ctx.handle.db.select().from(outgoingSms).where(eq(outgoingSms.id, sent.ids[0]!));
    expect(row).toMatchObject({ status: "delivered", encoding: "unicode", parts: 2, deliverAfter: null, smsClass: "phoneDisplay", priority: "high", validityPeriod: 2880 });
    const seven = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: text, receivers: ["+447400123456"], sender: "Acme", actor, options: { coding: "7bit" } });
    expect(seven).toMatchObject({ ok: true, totalCreditsRemoved: credits("1") });
  });

  it("without senderForResponse a sender is still required", async () => {
    const c = await setup();
    const refused = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: c.accounts[0]!.serviceName, message: "Hi", receivers: ["+447400123456"], sender: "", actor });
    expect(refused).toMatchObject({ ok: false, code: "sender_invalid" });
    expect(await balance(c.accounts[0]!.id)).toBe(credits("100"));
  });
});
