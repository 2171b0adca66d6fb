import { spawn } from "node:child_process";
import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { idempotencyKeys, orders, outgoingSms, paymentMethods, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { handlers } from "@/lib/jobs/handlers";
import { startWorker } from "@/lib/jobs/worker";
import { ledgerViolations } from "@/lib/credits/invariants";
import { insertPendingOrder } from "@/lib/billing/order-records";
import { quoteForSubsidiary } from "@/lib/billing/price-tiers";
import { sendSms } from "@/lib/sms/send";
import { transferCredits } from "@/lib/credits/transfers";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/**
 * Work left in flight by a crash (issue: idempotency keys locked forever, orders pending forever, SMS debited but
 * never handed to the carrier): a real child process is killed with SIGKILL at the worst moment, then a retry or the
 * job queue's worker must finish the work exactly once.
 */
const actor = { type: "system" as const, label: "test" };

/** Starts the child at `stage` and kills it with SIGKILL once it says it is there. */
function killMidway(url: string, stage: string, args: Record<string, string | number>): Promise<void> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would not reach.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/crash-child.ts", url, stage, JSON.stringify(args)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child never reached ${stage}`));
    }, 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("READY")) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`child exited on its own (${stage})`));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | false>, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describeOnBothDrivers("work left in flight by a crash", (ctx) => {
  const addCard = async (customerAccountId: number, providerReference = "sandbox_card_ok") =>
    (await ctx.handle.db.insert(paymentMethods).values({ customerAccountId, type: "card", status: "valid", maskedNumber: "Visa •••• 4242", holder: "T", providerReference, isDefault: true }).returning())[0]!.id;

  it("the settle-order job settles an order whose request died after its commit, once, and refunds undeliverable SMS once", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["10"] });
    const account = c.accounts[0]!;
    const method = await addCard(c.customerId);
    const quote = (await quoteForSubsidiary(ctx.handle.db, "GB", 500))!;
    const order = await insertPendingOrder(ctx.handle.db, { customerAccountId: c.customerId, smsAccountId: account.id, kind: "purchase", quote, paymentMethodId: method });
    // The job, run twice (a retry racing another worker): one settlement, one ledger entry.
    await Promise.all([handlers["settle-order"](ctx.handle.db, { orderId: order.id }), handlers["settle-order"](ctx.handle.db, { orderId: order.id })]);
    const [settled] = await ctx.handle.db.select().from(orders).where(eq(orders.id, order.id));
    expect(settled!.status).toBe("paid");
    expect((await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, account.id)))[0]!.creditsLeft).toBe(credits("510"));

    // The carrier cannot route a number ending 0002: its credits come back, once, however often the hand-off runs.
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: account.serviceName, message: "Hi", receivers: ["+447400120002", "+447400123456"], sender: "Acme", actor });
    expect(sent).toMatchObject({ ok: true, totalCreditsRemoved: credits("2") });
    if (!sent.ok) return;
    await handlers["handoff-sms"](ctx.handle.db, { ids: sent.ids.map(String) });
    const rows = await ctx.handle.db.select().from(outgoingSms).where(inArray(outgoingSms.id, sent.ids)).orderBy(outgoingSms.id);
    expect(rows.map((r) => [r.receiver, r.status, r.refundEntryId !== null])).toEqual([
      ["+447400120002", "failed", true],
      ["+447400123456", "delivered", false],
    ]);
    expect((await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, account.id)))[0]!.creditsLeft).toBe(credits("509"));
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });

  if (ctx.driver === "pg") {
    it("a key claimed by a request killed before its commit is free again: the retry runs once (never 409 forever)", async () => {
      const c = await makeCustomer(ctx.handle.db, { balances: ["100", "0"] });
      const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
      const scope = `customer:${c.customerId}`;
      await killMidway(ctx.handle.url!, "claimed", { scope, key: "k-crash", print: JSON.stringify({ source: a.serviceName }) });
      const request = { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "10", idempotency: { scope, key: "k-crash" }, actor };
      const first = await transferCredits(ctx.handle.db, request);
      expect(first).toMatchObject({ ok: true, replayed: false });
      expect(await transferCredits(ctx.handle.db, request)).toMatchObject({ ok: true, replayed: true });
      expect((await ctx.handle.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope))).length).toBe(1);
      expect((await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, a.id)))[0]!.creditsLeft).toBe(credits("90"));
    }, 60_000);

    it("an order whose request died in the provider's call, and SMS whose request died in the carrier's, are finished by the worker", async () => {
      await seedReferenceData(ctx.handle.db);
      const c = await makeCustomer(ctx.handle.db, { balances: ["10"] });
      const account = c.accounts[0]!;
      const method = await addCard(c.customerId);
      await killMidway(ctx.handle.url!, "charging", { customer: c.customerId, serviceName: account.serviceName, quantity: "500", method });
      await killMidway(ctx.handle.url!, "handoff", { customer: c.customerId, serviceName: account.serviceName, receivers: "+447400123456,+447400120002" });
      const [pending] = await ctx.handle.db.select().from(orders).where(eq(orders.smsAccountId, account.id));
      expect(pending!.status).toBe("pending");
      const worker = await startWorker(ctx.handle, () => undefined);
      try {
        await until("the order settled", async () => (await ctx.handle.db.select().from(orders).where(eq(orders.id, pending!.id)))[0]!.status === "paid");
        await until("the SMS handed off", async () => {
          const left = await ctx.handle.db.select({ n: sql<number>`count(*)::int` }).from(outgoingSms).where(sql`${outgoingSms.smsAccountId} = ${account.id} and ${outgoingSms.status} = 'pending'`);
          return left[0]!.n === 0;
        });
      } finally {
        await worker.stop();
      }
      // 10 + 500 bought − 2 sent + 1 refunded (the undeliverable one), and nothing twice.
      expect((await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, account.id)))[0]!.creditsLeft).toBe(credits("509"));
      expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
    }, 120_000);
  }
});
