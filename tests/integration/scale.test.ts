import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { smsAccounts } from "@/db/schema";
import { credits } from "@/lib/credits/amounts";
import { iterateHistory, listHistory } from "@/lib/credits/history";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { hasRecreditSet, pageSmsAccounts, parseChoicesQuery, parseSmsListQuery, searchAccountChoices } from "@/lib/sms/accounts";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

describeOnBothDrivers("customers of any size", (ctx) => {
  it("reads the SMS query string, falling back to the defaults on anything odd", () => {
    expect(parseSmsListQuery({})).toEqual({ q: "", sort: "name", dir: "asc", page: 1 });
    expect(parseSmsListQuery({ sort: "balance" })).toEqual({ q: "", sort: "balance", dir: "desc", page: 1 });
    expect(parseSmsListQuery({ q: "  shop ", sort: "balance", dir: "asc", page: "3" })).toEqual({ q: "shop", sort: "balance", dir: "asc", page: 3 });
    expect(parseSmsListQuery({ q: "a\u0000b", sort: "size", dir: "up", page: "-2" })).toEqual({ q: "", sort: "name", dir: "asc", page: 1 });
    expect(parseSmsListQuery({ q: "x".repeat(101), page: "1e3" })).toMatchObject({ q: "", page: 1000 });
    expect(parseSmsListQuery({ q: ["first", "second"], page: "2.5" })).toMatchObject({ q: "first", page: 1 });
    expect(parseChoicesQuery(new URLSearchParams("q=%20ab%20&exclude=sms-x-1"))).toEqual({ q: "ab", exclude: "sms-x-1" });
    expect(parseChoicesQuery(new URLSearchParams("exclude="))).toEqual({ q: "" });
  });

  it("pages, sorts and searches a customer's SMS accounts, and never shows another customer's", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["5", "70", "0", "70", "12.5"] });
    const other = await makeCustomer(ctx.handle.db, { balances: ["999"] });
    const names = c.accounts.map((a) => a.serviceName);
    const descriptions = ["Shop alerts", "Two-factor", "100%_sure", "shop Orders", ""];
    for (const [i, a] of c.accounts.entries()) {
      await ctx.handle.db.update(smsAccounts).set({ description: descriptions[i]! }).where(eq(smsAccounts.id, a.id));
    }
    const list = (q: Partial<ReturnType<typeof parseSmsListQuery>>, size = 2) =>
      pageSmsAccounts(ctx.handle.db, c.customerId, { q: "", sort: "name", dir: "asc", page: 1, ...q }, size);

    const first = await list({});
    expect(first).toMatchObject({ total: 5, pages: 3, page: 1 });
    expect(first.accounts.map((a) => a.serviceName)).toEqual(names.slice(0, 2));
    expect((await list({ page: 3 })).accounts.map((a) => a.serviceName)).toEqual([names[4]]);
    // A page past the end shows the last one.
    expect(await list({ page: 9 })).toMatchObject({ page: 3, accounts: [{ serviceName: names[4] }] });
    expect((await list({ dir: "desc" }, 10)).accounts.map((a) => a.serviceName)).toEqual([...names].reverse());
    // Balance, largest first; equal balances by name.
    const byBalance = await list({ sort: "balance", dir: "desc" }, 10);
    expect(byBalance.accounts.map((a) => a.creditsLeft)).toEqual([credits("70"), credits("70"), credits("12.5"), credits("5"), credits("0")]);
    expect(byBalance.accounts.slice(0, 2).map((a) => a.serviceName)).toEqual([names[3], names[1]]);
    expect((await list({ sort: "balance", dir: "asc" }, 10)).accounts.map((a) => a.serviceName)).toEqual([names[2], names[0], names[4], names[1], names[3]]);

    // Search: name or description, any case; % and _ are plain characters.
    expect((await list({ q: "SHOP" }, 10)).accounts.map((a) => a.serviceName)).toEqual([names[0], names[3]]);
    expect((await list({ q: names[4]! }, 10)).accounts.map((a) => a.serviceName)).toEqual([names[4]]);
    expect((await list({ q: "0%_" }, 10)).accounts.map((a) => a.serviceName)).toEqual([names[2]]);
    expect((await list({ q: "%" }, 10)).total).toBe(1);
    expect(await list({ q: "nothing like it" })).toMatchObject({ total: 0, pages: 1, page: 1, accounts: [] });
    expect((await list({ q: other.accounts[0]!.serviceName })).total).toBe(0);

    expect(await hasRecreditSet(ctx.handle.db, c.customerId)).toBe(false);
    await ctx.handle.db.update(smsAccounts).set({ recreditAmount: 100 }).where(eq(smsAccounts.id, c.accounts[2]!.id));
    expect(await hasRecreditSet(ctx.handle.db, c.customerId)).toBe(true);
    expect(await hasRecreditSet(ctx.handle.db, other.customerId)).toBe(false);
  });

  it("offers transfer accounts as the user types: the customer's, without the source, with balances", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["5", "70", "0"] });
    const other = await makeCustomer(ctx.handle.db, { balances: ["1"] });
    const [a, b, d] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }, { id: number; serviceName: string }];
    await ctx.handle.db.update(smsAccounts).set({ status: "disable", description: "Old shop" }).where(eq(smsAccounts.id, d.id));

    const all = await searchAccountChoices(ctx.handle.db, c.customerId, { q: "", exclude: a.serviceName });
    expect(all).toEqual([
      { serviceName: b.serviceName, description: "", creditsLeft: credits("70"), enabled: true },
      { serviceName: d.serviceName, description: "Old shop", creditsLeft: 0n, enabled: false },
    ]);
    expect((await searchAccountChoices(ctx.handle.db, c.customerId, { q: "old SHOP" })).map((x) => x.serviceName)).toEqual([d.serviceName]);
    expect(await searchAccountChoices(ctx.handle.db, c.customerId, { q: other.accounts[0]!.serviceName })).toEqual([]);
    expect(await searchAccountChoices(ctx.handle.db, c.customerId, { q: "", limit: 1 })).toHaveLength(1);
  });

  it("pages the history by time then id, each filter on its own, with a cursor of the account only", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["0", "0"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    const sys = { type: "system" as const, label: "t" };
    const day = (d: string) => new Date(`2026-10-${d}T10:00:00Z`);
    // Posted out of time order (a back-dated import): the pages follow the time.
    await ctx.handle.db.transaction(async (tx) => {
      await postEntry(tx, { smsAccountId: a.id, kind: "adjustment", amount: credits("50"), actor: sys, at: day("05") });
      await postEntry(tx, { smsAccountId: a.id, kind: "purchase", amount: credits("10"), actor: sys, at: day("01") });
      await postEntry(tx, { smsAccountId: a.id, kind: "sms_consumption", amount: credits("-1"), actor: sys, at: day("03") });
      await postEntry(tx, { smsAccountId: a.id, kind: "purchase", amount: credits("20"), actor: sys, at: day("09") });
      await postEntry(tx, { smsAccountId: a.id, kind: "sms_consumption", amount: credits("-2"), actor: sys, at: day("07") });
      await postEntry(tx, { smsAccountId: b.id, kind: "adjustment", amount: credits("1"), actor: sys, at: day("08") });
    });
    const amounts = (entries: Array<{ amount: bigint }>) => entries.map((e) => e.amount);
    const first = await listHistory(ctx.handle.db, a.id, {}, { limit: 2 });
    expect(amounts(first.entries)).toEqual([credits("20"), credits("-2")]);
    const second = await listHistory(ctx.handle.db, a.id, {}, { limit: 2, beforeId: first.nextBeforeId! });
    expect(amounts(second.entries)).toEqual([credits("50"), credits("-1")]);
    const third = await listHistory(ctx.handle.db, a.id, {}, { limit: 2, beforeId: second.nextBeforeId! });
    expect(third).toMatchObject({ nextBeforeId: null });
    expect(amounts(third.entries)).toEqual([credits("10")]);

    const range = { from: day("03"), to: day("08") };
    expect(amounts((await listHistory(ctx.handle.db, a.id, range, { limit: 10 })).entries)).toEqual([credits("-2"), credits("50"), credits("-1")]);
    const purchases = await listHistory(ctx.handle.db, a.id, { kinds: ["purchase"] }, { limit: 1 });
    expect(amounts(purchases.entries)).toEqual([credits("20")]);
    expect(amounts((await listHistory(ctx.handle.db, a.id, { kinds: ["purchase"] }, { limit: 1, beforeId: purchases.nextBeforeId! })).entries)).toEqual([credits("10")]);
    expect(amounts((await listHistory(ctx.handle.db, a.id, { kinds: ["sms_consumption"], ...range }, { limit: 10 })).entries)).toEqual([credits("-2"), credits("-1")]);
    const exported = [];
    for await (const e of iterateHistory(ctx.handle.db, a.id, range, 1)) exported.push(e.amount);
    expect(exported).toEqual([credits("-2"), credits("50"), credits("-1")]);

    // Another account's entry is no cursor here.
    const [ofB] = (await listHistory(ctx.handle.db, b.id, {}, { limit: 1 })).entries;
    expect((await listHistory(ctx.handle.db, a.id, {}, { limit: 10, beforeId: ofB!.id })).entries).toEqual([]);
    expect(await ledgerViolations(ctx.handle.db)).toEqual([]);
  });
});
