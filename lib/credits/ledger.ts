import "server-only";
import { eq, sql } from "drizzle-orm";
import { namedStatement, type Tx } from "@/db/client";
import { ledgerEntries, smsAccounts } from "@/db/schema";
import { credits, creditsToDb, type Credits } from "./amounts";
import type { LedgerReference } from "./ledger-references";
import { countLedgerPostings } from "../ops/metrics.mjs";

/**
 * The ledger owns every change of a balance. Each change appends one entry (kind, exact amount, balance after,
 * reference, actor, time) and updates the stored balance in the same transaction; the balance can never go below
 * zero (the conditional update here, and a CHECK constraint in the database). Reading a balance reads the stored
 * column, never a sum of entries. The ledger knows nothing of what a balance change leads to: it reports, for each
 * debit, whether the balance is now at or below an active re-credit threshold or newly at or below the low-balance
 * alert threshold, and its caller decides. (It keeps the alert's armed flag with the balance: a posting that leaves
 * the balance above the alert threshold re-arms it, in the same statement.)
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
  /** Free text a person wrote. */
  reference?: string;
  /** What the panel says of the entry, as a code translated at display. */
  coded?: LedgerReference;
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

/** The record of a transfer, written by the same statement as its two entries (see postTransfer). */
export type TransferRecord = {
  /** Chosen by the caller (a UUID), so the entries can carry it in the same statement. */
  id: string;
  customerAccountId: number;
  sourceSmsAccountId: number;
  targetSmsAccountId: number;
  /** Positive. */
  amount: Credits;
  reference: string;
  actor: Actor;
};

export type Posted = {
  entryId: bigint;
  balanceAfter: Credits;
  /** A debit that left the balance at or below the account's active re-credit threshold. */
  atThreshold: boolean;
  /**
   * A debit that took the balance to or below the low-balance alert threshold while the alert was armed (its first
   * crossing since the balance was last above). A posting that leaves the balance above the threshold re-arms it.
   */
  atAlert: boolean;
};

type PostedRow = { id: string; sms_account_id: number; balance_after: string; at_threshold: boolean; at_alert: boolean | null; at_ms: number };

/** Placeholders: per entry n, account a·n, kind k·n, amount m·n, reference r·n (code rc·n, values rp·n), actor at·n/au·n/al·n, transfer t·n, order o·n, date d·n. */
type EntryField = "a" | "k" | "m" | "r" | "rc" | "rp" | "at" | "au" | "al" | "t" | "o" | "d";
type EntryKey = `${EntryField}${number}`;
/** Placeholders of the transfer record. */
type TransferKey = "tid" | "tc" | "ts" | "tt" | "tm" | "tr" | "tat" | "tau";

/**
 * The posting statement for `count` entries, optionally with a transfer record: the balance updates (each refused
 * if it would go below zero), the entry inserts and the record are data-modifying parts of one query, so a transfer
 * costs one round trip beside its row locks. Compiled once per shape.
 */
const statements = new Map<string, ReturnType<typeof namedStatement<PostedRow, EntryKey | TransferKey>>>();
function postingStatement(count: number, withTransfer: boolean) {
  const name = `ledger_post_${count}${withTransfer ? "_transfer" : ""}`;
  let statement = statements.get(name);
  if (!statement) {
    statement = namedStatement<PostedRow, EntryKey | TransferKey>(name, (v) => {
      const e = (field: EntryField, n: number) => v(`${field}${n}`);
      const rows = sql.join(
        Array.from(
          { length: count },
          (_, n) => sql`(${n}::int, ${e("a", n)}::int, ${e("k", n)}::ledger_kind, ${e("m", n)}::numeric, ${e("r", n)}::text,
            ${e("rc", n)}::text, ${e("rp", n)}::jsonb, ${e("at", n)}::actor_type, ${e("au", n)}::int, ${e("al", n)}::text, ${e("t", n)}::uuid, ${e("o", n)}::int,
            ${e("d", n)}::timestamptz)`,
        ),
        sql`, `,
      );
      const record = withTransfer
        ? sql`recorded as (
            insert into transfers (id, customer_account_id, source_sms_account_id, target_sms_account_id, amount, reference,
                                   actor_type, actor_user_id)
            values (${v("tid")}::uuid, ${v("tc")}::int, ${v("ts")}::int, ${v("tt")}::int, ${v("tm")}::numeric, ${v("tr")}::text,
                    ${v("tat")}::actor_type, ${v("tau")}::int)
            returning created_at
          ),`
        : sql``;
      return sql`
        with ${record} input (n, account_id, kind, amount, reference, reference_code, reference_params, actor_type, actor_user_id, actor_label, transfer_id, order_id, at) as (
          values ${rows}
        ), moved as (
          update sms_accounts s set credits_left = s.credits_left + i.amount,
            alert_armed = s.alert_armed or s.alert_threshold is null or s.credits_left + i.amount > s.alert_threshold
          from input i
          where s.id = i.account_id and s.credits_left + i.amount >= 0
          returning s.id, s.credits_left, s.recredit_amount, s.recredit_threshold, s.alert_threshold, s.alert_armed
        ), inserted as (
          insert into ledger_entries (sms_account_id, kind, amount, balance_after, reference, reference_code, reference_params,
                                      actor_type, actor_user_id, actor_label, transfer_id, order_id, created_at)
          select i.account_id, i.kind, i.amount, m.credits_left, i.reference, i.reference_code, i.reference_params, i.actor_type, i.actor_user_id, i.actor_label,
                 i.transfer_id, i.order_id, coalesce(i.at, now())
          from input i join moved m on m.id = i.account_id
          order by i.n
          returning id, sms_account_id, balance_after, created_at
        )
        select i.id::text as id, i.sms_account_id, i.balance_after::text as balance_after,
               (m.recredit_amount is not null and m.credits_left <= m.recredit_threshold) as at_threshold,
               (m.alert_armed and m.credits_left <= m.alert_threshold) as at_alert,
               floor(extract(epoch from ${withTransfer ? sql`(select created_at from recorded)` : sql`i.created_at`}) * 1000)::float8 as at_ms
        from inserted i join moved m on m.id = i.sms_account_id`;
    });
    statements.set(name, statement);
  }
  return statement;
}

async function post(tx: Tx, inputs: PostEntryInput[], transfer?: TransferRecord) {
  if (inputs.length === 0) return { results: [], at: null };
  if (new Set(inputs.map((e) => e.smsAccountId)).size !== inputs.length) {
    throw new RangeError("postEntries takes each SMS account at most once");
  }
  for (const e of inputs) if (e.amount === 0n) throw new RangeError("A ledger entry cannot be zero");
  const values: Record<string, unknown> = {};
  for (const [n, e] of inputs.entries()) {
    values[`a${n}`] = e.smsAccountId;
    values[`k${n}`] = e.kind;
    values[`m${n}`] = creditsToDb(e.amount);
    values[`r${n}`] = e.reference ?? "";
    values[`rc${n}`] = e.coded?.code ?? null;
    values[`rp${n}`] = e.coded ? JSON.stringify(e.coded.params) : null;
    values[`at${n}`] = e.actor.type;
    values[`au${n}`] = e.actor.type === "system" ? null : e.actor.userId;
    values[`al${n}`] = e.actor.label;
    values[`t${n}`] = e.transferId ?? null;
    values[`o${n}`] = e.orderId ?? null;
    values[`d${n}`] = e.at?.toISOString() ?? null;
  }
  if (transfer) {
    Object.assign(values, {
      tid: transfer.id,
      tc: transfer.customerAccountId,
      ts: transfer.sourceSmsAccountId,
      tt: transfer.targetSmsAccountId,
      tm: creditsToDb(transfer.amount),
      tr: transfer.reference,
      tat: transfer.actor.type,
      tau: transfer.actor.type === "system" ? null : transfer.actor.userId,
    });
  }
  const inserted = await postingStatement(inputs.length, transfer !== undefined)(tx, values);
  if (inserted.length !== inputs.length) {
    const refused = inputs.find((e) => !inserted.some((r) => r.sms_account_id === e.smsAccountId))!;
    const [current] = await tx
      .select({ balance: smsAccounts.creditsLeft })
      .from(smsAccounts)
      .where(eq(smsAccounts.id, refused.smsAccountId));
    if (!current) throw new Error(`SMS account ${refused.smsAccountId} does not exist`);
    throw new InsufficientCreditsError(current.balance);
  }
  countLedgerPostings(inputs); // metrics: posted in this transaction (a later rollback is not subtracted)
  const results: Posted[] = inputs.map((e) => {
    const row = inserted.find((r) => r.sms_account_id === e.smsAccountId)!;
    return { entryId: BigInt(row.id), balanceAfter: credits(row.balance_after), atThreshold: e.amount < 0n && row.at_threshold, atAlert: e.amount < 0n && row.at_alert === true };
  });
  // Milliseconds since the epoch, as a float8 both drivers return as a number, whatever the DateStyle.
  return { results, at: new Date(inserted[0]!.at_ms) };
}

/**
 * Appends entries and moves the stored balances with them, in one statement. Each account may appear once per
 * call. Must run inside the caller's transaction: when an entry is refused, the caller's transaction is rolled back
 * by the error.
 */
export async function postEntries(tx: Tx, inputs: PostEntryInput[]): Promise<Posted[]> {
  return (await post(tx, inputs)).results;
}

/**
 * Records a transfer and posts its two entries (out of the source, into the target) in one statement. The caller
 * holds both rows' locks (taken in id order) and has checked the transfer's rules.
 */
export async function postTransfer(
  tx: Tx,
  transfer: TransferRecord,
): Promise<{ source: Posted; target: Posted; createdAt: Date }> {
  const common = { reference: transfer.reference, actor: transfer.actor, transferId: transfer.id };
  const { results, at } = await post(
    tx,
    [
      { smsAccountId: transfer.sourceSmsAccountId, kind: "transfer_out", amount: -transfer.amount, ...common },
      { smsAccountId: transfer.targetSmsAccountId, kind: "transfer_in", amount: transfer.amount, ...common },
    ],
    transfer,
  );
  return { source: results[0]!, target: results[1]!, createdAt: at! };
}

/** Appends one entry and moves the stored balance with it. Must run inside the caller's transaction. */
export async function postEntry(tx: Tx, input: PostEntryInput): Promise<Posted> {
  const [result] = await postEntries(tx, [input]);
  return result!;
}
