import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { customerAccounts, ledgerEntries, smsAccounts, users } from "@/db/schema";
import { DEMO_PASSWORD, seedDemo, seedReferenceData } from "@/db/seed";
import { authenticate, LOGIN_LIMITS } from "@/lib/auth/login";
import { credits } from "@/lib/credits/amounts";
import { InsufficientCreditsError, postEntry } from "@/lib/credits/ledger";
import { findSmsAccount, listSmsAccounts, updateDescription } from "@/lib/sms/accounts";
import { describeOnBothDrivers } from "./harness";

describeOnBothDrivers("foundation", (ctx) => {
  const customerId = async (nic: string) => {
    const [row] = await ctx.handle.db.select().from(customerAccounts).where(eq(customerAccounts.nicHandle, nic));
    return row!.id;
  };

  it("seeds the demo data once, with balances built from the ledger", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    await seedReferenceData(ctx.handle.db);
    expect(await seedDemo(ctx.handle.db, now)).toBe(true);
    expect(await seedDemo(ctx.handle.db, now)).toBe(false);
    await seedReferenceData(ctx.handle.db); // idempotent

    const uk = await listSmsAccounts(ctx.handle.db, await customerId("ab12345-ovh"));
    expect(uk.map((a) => [a.serviceName, a.creditsLeft])).toEqual([
      ["sms-ab12345-1", credits("412.5")],
      ["sms-ab12345-2", credits("80")],
      ["sms-ab12345-3", credits("0")],
    ]);
    expect(uk[0]!.createdAt.toISOString().slice(0, 10)).toBe("2025-09-29");
    expect(uk[2]!.createdAt.toISOString().slice(0, 10)).toBe("2026-11-08");

    // Every stored balance equals the sum of its entries.
    const mismatches = await ctx.handle.db.execute(sql`
      select s.service_name from sms_accounts s
      left join ledger_entries l on l.sms_account_id = s.id
      group by s.id having s.credits_left <> coalesce(sum(l.amount), 0)`);
    expect((mismatches as unknown as { rows: unknown[] }).rows).toEqual([]);
  });

  it("trims a description, then holds it to 120 characters (panel and API call this one function)", async () => {
    const uk = await customerId("ab12345-ovh");
    const saved = await updateDescription(ctx.handle.db, uk, "sms-ab12345-3", `  ${"x".repeat(120)}  `);
    expect(saved.ok && saved.account.description).toBe("x".repeat(120));
    expect(await updateDescription(ctx.handle.db, uk, "sms-ab12345-3", "y".repeat(121))).toEqual({ ok: false, code: "description_too_long", max: 120 });
    const [still] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.serviceName, "sms-ab12345-3"));
    expect(still!.description).toBe("x".repeat(120));
  });

  it("scopes SMS accounts to their customer: another customer's account is not found", async () => {
    const fr = await customerId("cd67890-ovh");
    const uk = await customerId("ab12345-ovh");
    expect(await findSmsAccount(ctx.handle.db, fr, "sms-ab12345-1")).toBeNull();
    expect((await findSmsAccount(ctx.handle.db, uk, "sms-ab12345-1"))?.creditsLeft).toBe(credits("412.5"));
    expect(await updateDescription(ctx.handle.db, fr, "sms-ab12345-1", "hijacked")).toEqual({ ok: false, code: "account_not_found" });
    const [still] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.serviceName, "sms-ab12345-1"));
    expect(still!.description).toBe("Marketing campaigns");
  });

  it("never lets a balance go below zero, and never edits the ledger", async () => {
    const uk = await customerId("ab12345-ovh");
    const account = (await findSmsAccount(ctx.handle.db, uk, "sms-ab12345-2"))!;
    const attempt = ctx.handle.db.transaction((tx) =>
      postEntry(tx, { smsAccountId: account.id, kind: "sms_consumption", amount: credits("-80.01"), actor: { type: "system", label: "test" } }),
    );
    await expect(attempt).rejects.toBeInstanceOf(InsufficientCreditsError);
    await expect(attempt).rejects.toMatchObject({ balance: credits("80") });

    await expect(
      ctx.handle.db.execute(sql`update sms_accounts set credits_left = -1 where id = ${account.id}`),
    ).rejects.toThrow();
    const cause = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
    expect(await cause(ctx.handle.db.execute(sql`update ledger_entries set amount = 1`))).toMatch(/append-only/);
    expect(await cause(ctx.handle.db.execute(sql`delete from ledger_entries`))).toMatch(/append-only/);

    const result = await ctx.handle.db.transaction((tx) =>
      postEntry(tx, { smsAccountId: account.id, kind: "sms_consumption", amount: credits("-80"), actor: { type: "system", label: "test" } }),
    );
    expect(result.balanceAfter).toBe(0n);
    const entries = await ctx.handle.db.select().from(ledgerEntries).where(eq(ledgerEntries.smsAccountId, account.id));
    expect(entries.at(-1)?.balanceAfter).toBe(0n);
  });

  it("logs in with the right password only, and limits failures per account without revealing it exists", async () => {
    const db = ctx.handle.db;
    const ok = await authenticate(db, { email: " Admin@Demo.test ", password: DEMO_PASSWORD, clientAddress: "10.0.0.1" });
    expect(ok.ok && ok.user.email).toBe("admin@demo.test");

    for (const email of ["billing@demo.test", "nobody@demo.test"]) {
      for (let i = 0; i < LOGIN_LIMITS.perAccount.points; i++) {
        expect(await authenticate(db, { email, password: "wrong", clientAddress: `10.1.0.${i}` })).toEqual({ ok: false, reason: "invalid" });
      }
      // Even the right password is refused now, the same way for a known and an unknown e-mail.
      const blocked = await authenticate(db, { email, password: DEMO_PASSWORD, clientAddress: "10.2.0.1" });
      expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
      expect(blocked.ok === false && blocked.reason === "throttled" && blocked.retryAfterSeconds).toBeGreaterThan(800);
    }
    // Other accounts are unaffected.
    expect((await authenticate(db, { email: "viewer@demo.test", password: DEMO_PASSWORD, clientAddress: "10.2.0.1" })).ok).toBe(true);
    const [hash] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.email, "viewer@demo.test"));
    expect(hash!.h).toMatch(/^\$argon2id\$/);
  });

  it("limits failures per client address across accounts", async () => {
    const db = ctx.handle.db;
    for (let i = 0; i < LOGIN_LIMITS.perAddress.points; i++) {
      await authenticate(db, { email: `guess${i}@demo.test`, password: "x", clientAddress: "192.0.2.7" });
    }
    const res = await authenticate(db, { email: "viewer@demo.test", password: DEMO_PASSWORD, clientAddress: "192.0.2.7" });
    expect(res).toMatchObject({ ok: false, reason: "throttled" });
  });
});
