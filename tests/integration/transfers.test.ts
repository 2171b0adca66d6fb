import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerEntries, smsAccounts, transfers } from "@/db/schema";
import { credits } from "@/lib/credits/amounts";
import { listTransfers, transferCredits } from "@/lib/credits/transfers";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";
import { ledgerViolations } from "@/lib/credits/invariants";

const run = promisify(execFile);
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const actor = { type: "user" as const, userId: 1, label: "test" };

describeOnBothDrivers("transfers", (ctx) => {
  const balances = async (ids: number[]) => {
    const rows = await ctx.handle.db.select().from(smsAccounts).where(inArray(smsAccounts.id, ids));
    return ids.map((id) => rows.find((r) => r.id === id)!.creditsLeft);
  };

  it("moves credits at once: two entries, two balances, one transfer with an id", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["412.5", "80"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const result = await transferCredits(ctx.handle.db, {
      customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "12.5", reference: "Campaign", actor: { ...actor, userId: c.userId },
    });
    expect(result).toMatchObject({ ok: true, replayed: false, source: { balance: credits("400") }, target: { balance: credits("92.5") } });
    if (!result.ok) throw new Error("refused");
    expect(result.transfer.id).toMatch(/^[0-9a-f-]{36}$/);
    // What the function answers is what it stored.
    expect(await ctx.handle.db.select().from(transfers).where(eq(transfers.id, result.transfer.id))).toEqual([result.transfer]);
    expect(await balances([a.id, b.id])).toEqual([credits("400"), credits("92.5")]);
    const entries = await ctx.handle.db.select().from(ledgerEntries).where(eq(ledgerEntries.transferId, result.transfer.id));
    expect(entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.reference]).sort()).toEqual(
      [["transfer_in", credits("12.5"), credits("92.5"), "Campaign"], ["transfer_out", credits("-12.5"), credits("400"), "Campaign"]].sort(),
    );
    const listed = await listTransfers(ctx.handle.db, c.customerId, { serviceName: a.serviceName });
    expect(listed).toEqual([expect.objectContaining({ id: result.transfer.id, source: a.serviceName, target: b.serviceName, amount: credits("12.5") })]);
  });

  it.each([
    ["0", "amount_not_positive"],
    ["-5", "amount_not_positive"],
    ["", "amount_required"],
    ["abc", "amount_invalid"],
    ["1.2345", "amount_too_precise"],
    ["1,000", "amount_ambiguous"],
    ["1000", "insufficient_credits"],
    ["100.01", "insufficient_credits"],
  ])("refuses %j (%s) and changes nothing", async (amount, code) => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "5"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const result = await transferCredits(ctx.handle.db, { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount, actor });
    expect(result).toMatchObject({ ok: false, code });
    if (code === "insufficient_credits") expect(result).toMatchObject({ balance: credits("100") });
    expect(await balances([a.id, b.id])).toEqual([credits("100"), credits("5")]);
  });

  it("refuses the same account, an unknown target and another customer's target alike, and disabled accounts", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "5"] });
    const other = await makeCustomer(ctx.handle.db, { balances: ["50"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const attempt = (source: string, target: string, customerAccountId = c.customerId) =>
      transferCredits(ctx.handle.db, { customerAccountId, source, target, amount: "1", actor });
    expect(await attempt(a.serviceName, a.serviceName)).toMatchObject({ ok: false, code: "same_account" });
    expect(await attempt(a.serviceName, "sms-nope-1")).toMatchObject({ ok: false, code: "target_not_found" });
    expect(await attempt(a.serviceName, other.accounts[0]!.serviceName)).toMatchObject({ ok: false, code: "target_not_found" });
    expect(await attempt(other.accounts[0]!.serviceName, a.serviceName)).toMatchObject({ ok: false, code: "source_not_found" });
    await ctx.handle.db.update(smsAccounts).set({ status: "disable" }).where(eq(smsAccounts.id, b.id));
    expect(await attempt(a.serviceName, b.serviceName)).toMatchObject({ ok: false, code: "target_disabled" });
    expect(await attempt(b.serviceName, a.serviceName)).toMatchObject({ ok: false, code: "source_disabled" });
    expect(await balances([a.id, b.id, other.accounts[0]!.id])).toEqual([credits("100"), credits("5"), credits("50")]);
  });

  it("applies a repeated request (same idempotency key) once, and refuses the key with another body", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "0"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const request = { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "10", idempotency: { scope: `customer:${c.customerId}`, key: "form-token-1" }, actor };
    const results = await Promise.all([transferCredits(ctx.handle.db, request), transferCredits(ctx.handle.db, request), transferCredits(ctx.handle.db, request)]);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.ok && r.transfer.id)).size).toBe(1);
    expect(await balances([a.id, b.id])).toEqual([credits("90"), credits("10")]);
    const later = await transferCredits(ctx.handle.db, request);
    expect(later).toMatchObject({ ok: true, replayed: true, source: { balance: credits("90") }, target: { balance: credits("10") } });
    expect(later.ok && later.transfer.id).toBe(results[0]!.ok && results[0]!.transfer.id);
    expect(await transferCredits(ctx.handle.db, { ...request, amount: "11" })).toMatchObject({ ok: false, code: "idempotency_conflict" });
    expect(await transferCredits(ctx.handle.db, { ...request, source: b.serviceName, target: a.serviceName })).toMatchObject({
      ok: false,
      code: "idempotency_conflict",
    });
    expect(await balances([a.id, b.id])).toEqual([credits("90"), credits("10")]);
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });

  it("replays, never refuses, a repeat that waited for the first one's lock (the whole balance, double-clicked)", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["10", "0"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const request = { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "10", idempotency: { scope: `customer:${c.customerId}`, key: "double-click" }, actor };
    const results = await Promise.all(Array.from({ length: 4 }, () => transferCredits(ctx.handle.db, request)));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await balances([a.id, b.id])).toEqual([credits("0"), credits("10")]);
    // A reused key with accounts that do not exist is a conflict with the first request, not "not found".
    expect(await transferCredits(ctx.handle.db, { ...request, target: "sms-nowhere" })).toMatchObject({ ok: false, code: "idempotency_conflict" });
  });

  it("keeps every invariant under concurrent transfers in both directions", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "100", "100", "100"] });
    const names = c.accounts.map((a) => a.serviceName);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        transferCredits(ctx.handle.db, { customerAccountId: c.customerId, source: names[i % 4]!, target: names[(i + 1 + (i % 3)) % 4]!, amount: "7.25", actor }),
      ),
    );
    // Each account can pay at least 13 of the 15 transfers it sends: most went through, and any refusal is for lack of credits.
    const applied = results.filter((r) => r.ok).length;
    expect(applied).toBeGreaterThanOrEqual(40);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "insufficient_credits")).toBe(true);
    const stored = rowsOf<{ n: number }>(
      await ctx.handle.db.execute(sql`select count(*)::int as n from transfers where customer_account_id = ${c.customerId}`),
    );
    expect(stored[0]!.n).toBe(applied);
    const total = (await balances(c.accounts.map((a) => a.id))).reduce((x, y) => x + y, 0n);
    expect(total).toBe(credits("400"));
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });

  if (ctx.driver === "pg") {
    it("from two separate processes, hundreds of random transfers lose and duplicate nothing", async () => {
      const c = await makeCustomer(ctx.handle.db, { balances: ["300", "300", "300", "300", "300"] });
      const names = c.accounts.map((a) => a.serviceName).join(",");
      const url = ctx.handle.url!;
      const worker = () =>
        run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tests/integration/transfer-worker.ts", url, String(c.customerId), names, "200", "8"], { maxBuffer: 1 << 24 });
      const outputs = await Promise.all([worker(), worker()]);
      const reports = outputs.map((o) => JSON.parse(o.stdout.trim().split("\n").at(-1)!) as { applied: number; replayed: number; refused: number; keys: string[] });
      const applied = reports.reduce((n, r) => n + r.applied, 0);
      expect(applied).toBeGreaterThan(200);
      const [{ n }] = rowsOf<{ n: number }>(await ctx.handle.db.execute(sql`select count(*)::int as n from transfers where customer_account_id = ${c.customerId}`)) as [{ n: number }];
      expect(n).toBe(applied); // every applied transfer recorded once, none lost
      const keys = reports.flatMap((r) => r.keys);
      expect(new Set(keys).size).toBe(keys.length);
      const rows = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.customerAccountId, c.customerId));
      expect(rows.reduce((x, r) => x + r.creditsLeft, 0n)).toBe(credits("1500")); // total conserved
      expect(rows.every((r) => r.creditsLeft >= 0n)).toBe(true);
      expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
      // Each applied transfer's key recorded its answer once, with the transfer's id.
      const [recorded] = rowsOf<{ n: number }>(await ctx.handle.db.execute(sql`select count(distinct result->'transfer'->>'id')::int as n from idempotency_keys where scope = ${`customer:${c.customerId}`} and (result->>'ok')::boolean`));
      expect(recorded!.n).toBe(applied);
    }, 120_000);
  }
});
