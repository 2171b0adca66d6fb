import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * The ledger's invariants, checked with SQL over the whole database: each stored balance equals the sum of its
 * entries and the last entry's balance_after; no balance or balance_after is negative; every transfer has exactly
 * one entry out and one in, of its amount; entry balances chain (each balance_after = previous + amount).
 */
export async function ledgerViolations(db: DbOrTx): Promise<string[]> {
  const rows = (await db.execute(sql`
    with sums as (
      select s.id, s.service_name, s.credits_left, coalesce(sum(l.amount), 0) as total
      from sms_accounts s left join ledger_entries l on l.sms_account_id = s.id group by s.id
    ), chain as (
      select l.id, l.sms_account_id, l.balance_after,
             coalesce(lag(l.balance_after) over (partition by l.sms_account_id order by l.id), 0) + l.amount as expected
      from ledger_entries l
    ), last_entry as (
      select distinct on (sms_account_id) sms_account_id, balance_after from ledger_entries order by sms_account_id, id desc
    ), transfer_entries as (
      select t.id, t.amount,
             count(*) filter (where l.kind = 'transfer_out' and l.amount = -t.amount and l.sms_account_id = t.source_sms_account_id) as outs,
             count(*) filter (where l.kind = 'transfer_in' and l.amount = t.amount and l.sms_account_id = t.target_sms_account_id) as ins,
             count(l.id) as entries
      from transfers t left join ledger_entries l on l.transfer_id = t.id group by t.id
    )
    select 'balance <> sum of entries: ' || service_name as v from sums where credits_left <> total
    union all select 'negative balance: ' || service_name from sums where credits_left < 0
    union all select 'balance <> last balance_after: ' || s.service_name from sms_accounts s join last_entry e on e.sms_account_id = s.id where e.balance_after <> s.credits_left
    union all select 'broken chain at entry ' || id from chain where balance_after <> expected
    union all select 'transfer not applied exactly once: ' || id from transfer_entries where outs <> 1 or ins <> 1 or entries <> 2
    union all select 'orphan transfer entry ' || l.id from ledger_entries l where l.kind in ('transfer_in','transfer_out') and l.transfer_id is null
  `)) as unknown as { rows: Array<{ v: string }> };
  return rows.rows.map((r) => r.v);
}
