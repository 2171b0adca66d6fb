import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerEntries, transfers } from "@/db/schema";
import { historyRows, transferRows } from "@/lib/credits/exports";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/**
 * The CSV exports read in pages of 1,000 rows. PostgreSQL keeps microseconds, JavaScript dates milliseconds: a
 * keyset that round-trips the time through a Date loses rows that share a millisecond across a page boundary.
 */
describeOnBothDrivers("CSV exports", (ctx) => {
  it("exports every transfer exactly once when 2,500 share one millisecond (distinct microseconds)", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["10", "10"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    // 2,500 transfers within one millisecond, one microsecond apart, and 10 more with exactly the same time (ties
    // broken by id). Inserted directly: the domain function stamps now(), which cannot be forced into one ms.
    await ctx.handle.db.execute(sql`
      insert into ${transfers} (customer_account_id, source_sms_account_id, target_sms_account_id, amount, reference, actor_type, created_at)
      select ${c.customerId}, ${a.id}, ${b.id}, 1, 'r' || g, 'system',
        timestamptz '2026-11-20 10:00:00.123000+00' + (least(g, 2500) % 1000) * interval '1 microsecond'
      from generate_series(1, 2510) g`);
    const seen: string[] = [];
    for await (const row of transferRows(ctx.handle.db, c.customerId, a.serviceName)) seen.push(String(row[0]));
    expect(seen.length).toBe(2510);
    expect(new Set(seen).size).toBe(2510);
  });

  it("exports every ledger entry exactly once across pages, entries sharing a millisecond included", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["0"] });
    const [a] = c.accounts as [{ id: number; serviceName: string }];
    await ctx.handle.db.execute(sql`
      insert into ${ledgerEntries} (sms_account_id, kind, amount, balance_after, reference, actor_type, actor_label, created_at)
      select ${a.id}, 'adjustment', 1, g, '', 'system', 'test', timestamptz '2026-11-20 10:00:00.123000+00' + (g % 1000) * interval '1 microsecond'
      from generate_series(1, 2100) g`);
    const seen: string[] = [];
    for await (const row of historyRows(ctx.handle.db, a.id, {}, (e) => e.reference)) seen.push(String(row[0]));
    expect(seen.length).toBe(2100);
    expect(new Set(seen).size).toBe(2100);
  });
});
