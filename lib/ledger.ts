import { eq, sql } from "drizzle-orm";
import { executeNamed, type Tx } from "@/db/client";
import { ledgerEntries, smsAccounts } from "@/db/schema";
import { credits, creditsToDb, type Credits } from "./credits";
import { runRecreditTrigger } from "./recredit";

/**
 * The ledger owns every change of a balance. Each change appends one entry (kind, exact amount, balance after,
 * reference, actor, time) and updates the stored balance in the same transaction; the balance can never go below
 * zero (the conditional update here, and a CHECK constraint in the database). Reading a balance reads the stored
 * column, never a sum of entries.
 */

export type LedgerKind = (typeof ledgerEntries.$inferSelect)["kind"];

export type Actor =
  | { type: "user"; userId: number; label: string }
  | { type: "api"; userId: number; label: string }
  | { type: "system"; label: string };

export type PostEntryInput = {
  smsAccountId: number;
  kind: LedgerKind;
  /** Signed: credits add, debits subtract. Never zero. */
  amount: Credits;
  reference?: string;
  actor: Actor;
  transferId?: string;
  orderId?: number;
  /** Defaults to the transaction's time; only the seed back-dates entries. */
  at?: Date;
};

export class InsufficientCreditsError extends Error {
  constructor(readonly balance: Credits) {
    super("insufficient credits");
  }
}

/**
 * Appends entries and moves the stored balances with them, in one statement: the balance updates (each refused if
 * it would go below zero) and the entry inserts are data-modifying parts of one query, so a transfer's two entries
 * cost one round trip. Each account may appear once per call. Must run inside the caller's transaction: when an
 * entry is refused, the caller's transaction is rolled back by the error.
 */
export async function postEntries(
  tx: Tx,
  inputs: PostEntryInput[],
): Promise<Array<{ entryId: bigint; balanceAfter: Credits }>> {
  if (inputs.length === 0) return [];
  if (new Set(inputs.map((e) => e.smsAccountId)).size !== inputs.length) {
    throw new RangeError("postEntries takes each SMS account at most once");
  }
  for (const e of inputs) if (e.amount === 0n) throw new RangeError("A ledger entry cannot be zero");
  const rows = sql.join(
    inputs.map(
      (e, n) => sql`(${n}::int, ${e.smsAccountId}::int, ${e.kind}::ledger_kind, ${creditsToDb(e.amount)}::numeric,
        ${e.reference ?? ""}::text, ${e.actor.type}::actor_type, ${e.actor.type === "system" ? null : e.actor.userId}::int,
        ${e.actor.label}::text, ${e.transferId ?? null}::uuid, ${e.orderId ?? null}::int, ${e.at?.toISOString() ?? null}::timestamptz)`,
    ),
    sql`, `,
  );
  const result = await executeNamed(tx, `ledger_post_entries_${inputs.length}`, sql`
    with input (n, account_id, kind, amount, reference, actor_type, actor_user_id, actor_label, transfer_id, order_id, at) as (
      values ${rows}
    ), moved as (
      update sms_accounts s set credits_left = s.credits_left + i.amount
      from input i
      where s.id = i.account_id and s.credits_left + i.amount >= 0
      returning s.id, s.credits_left, s.recredit_amount, s.recredit_threshold
    ), inserted as (
      insert into ledger_entries (sms_account_id, kind, amount, balance_after, reference, actor_type, actor_user_id,
                                  actor_label, transfer_id, order_id, created_at)
      select i.account_id, i.kind, i.amount, m.credits_left, i.reference, i.actor_type, i.actor_user_id, i.actor_label,
             i.transfer_id, i.order_id, coalesce(i.at, now())
      from input i join moved m on m.id = i.account_id
      order by i.n
      returning id, sms_account_id, balance_after
    )
    select i.id::text as id, i.sms_account_id, i.balance_after::text as balance_after,
           (m.recredit_amount is not null and m.credits_left <= m.recredit_threshold) as at_threshold
    from inserted i join moved m on m.id = i.sms_account_id`);
  const inserted = (
    result as unknown as { rows: Array<{ id: string; sms_account_id: number; balance_after: string; at_threshold: boolean }> }
  ).rows;
  if (inserted.length !== inputs.length) {
    const refused = inputs.find((e) => !inserted.some((r) => r.sms_account_id === e.smsAccountId))!;
    const [current] = await tx
      .select({ balance: smsAccounts.creditsLeft })
      .from(smsAccounts)
      .where(eq(smsAccounts.id, refused.smsAccountId));
    if (!current) throw new Error(`SMS account ${refused.smsAccountId} does not exist`);
    throw new InsufficientCreditsError(current.balance);
  }
  const results = inputs.map((e) => {
    const row = inserted.find((r) => r.sms_account_id === e.smsAccountId)!;
    return { entryId: BigInt(row.id), balanceAfter: credits(row.balance_after) };
  });
  // After a debit that leaves the balance at or below an active threshold: the automatic re-credit, in this
  // transaction, while this transaction holds the account's row lock.
  // The balance returned is the one after that re-credit.
  for (const [n, e] of inputs.entries()) {
    const row = inserted.find((r) => r.sms_account_id === e.smsAccountId)!;
    if (e.amount < 0n && row.at_threshold) {
      const trigger = await runRecreditTrigger(tx, e.smsAccountId);
      if (trigger.fired) results[n]!.balanceAfter = trigger.balance;
    }
  }
  return results;
}

/** Appends one entry and moves the stored balance with it. Must run inside the caller's transaction. */
export async function postEntry(tx: Tx, input: PostEntryInput): Promise<{ entryId: bigint; balanceAfter: Credits }> {
  const [result] = await postEntries(tx, [input]);
  return result!;
}
