import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { namedStatement, type Db, type DbOrTx } from "@/db/client";
import { smsAccounts, transfers, type SmsAccount, type Transfer } from "@/db/schema";
import { credits, type Credits } from "./amounts";
import { claimKey, fingerprint, recordAnswer, type IdempotencyClaim } from "../idempotency";
import { postTransfer, type Actor } from "./ledger";
import { decideBalanceAlert } from "../alerts/balance-alerts";
import { emailConfigured } from "../alerts/mailer";
import { settleAfterDebit } from "../billing/order-settlement";
import { decideRecredit, type TriggerResult } from "../recredit/trigger";
import { parseTransferAmount, REFERENCE_MAX_LENGTH, type TransferRefusal } from "./transfer-rules";

/**
 * Transfer credits between two SMS accounts of the same customer account, immediately: both ledger entries and both
 * balances change in one transaction or not at all. Rows are locked in id order, so opposite transfers cannot
 * deadlock. An idempotency key (lib/idempotency.ts) makes a retried request (double click, resubmitted form, API
 * retry, a replayed signature) a no-op that returns the first answer.
 */

export type TransferRequest = {
  customerAccountId: number;
  source: string;
  target: string;
  /** As typed by a person or sent by a script; parsed exactly here. */
  amount: string | number;
  reference?: string;
  /** A retried request (double click, resubmitted form, API retry) with the same key changes nothing. */
  idempotency?: IdempotencyClaim;
  actor: Actor;
};

export type TransferSuccess = {
  ok: true;
  transfer: Transfer;
  source: { serviceName: string; balance: Credits };
  target: { serviceName: string; balance: Credits };
  /** True when this request repeated an earlier one (same idempotency key) and changed nothing. */
  replayed: boolean;
  /** The automatic re-credit this transfer's debit fired on the source, if any. */
  recredit: TriggerResult;
};

export type TransferResult = TransferSuccess | ({ ok: false } & (TransferRefusal | { code: "idempotency_conflict" }));

/**
 * Both rows of a transfer, locked in id order (the order every transfer uses) and scoped to the customer account:
 * one round trip. A compiled statement, since it runs on every transfer.
 */
const lockAccounts = namedStatement<
  { id: number; service_name: string; status: SmsAccount["status"]; credits_left: string },
  "customer" | "source" | "target"
>(
  "transfer_lock_accounts",
  (v) => sql`
    select a.id, a.service_name, a.status, a.credits_left::text as credits_left
    from sms_accounts a
    where a.customer_account_id = ${v("customer")}::int and a.service_name in (${v("source")}::text, ${v("target")}::text)
    order by a.id
    for update`,
);

export async function transferCredits(db: Db, request: TransferRequest): Promise<TransferResult> {
  const amount = parseTransferAmount(request.amount);
  if (!amount.ok) return amount;
  const reference = (request.reference ?? "").trim();
  if (reference.length > REFERENCE_MAX_LENGTH) return { ok: false, code: "reference_too_long", max: REFERENCE_MAX_LENGTH };
  if (request.source === request.target) return { ok: false, code: "same_account" };
  const claim = request.idempotency;

  const result = await db.transaction(async (tx): Promise<TransferResult> => {
    if (claim) {
      const print = fingerprint("transfer", { source: request.source, target: request.target, amount: amount.value, reference });
      const claimed = await claimKey<TransferResult>(tx, claim, print);
      if (claimed.state === "replay") return claimed.result.ok ? { ...claimed.result, replayed: true } : claimed.result;
      if (claimed.state === "conflict") return { ok: false, code: "idempotency_conflict" };
    }
    const answer = async (r: TransferResult) => {
      if (claim) await recordAnswer(tx, claim, r);
      return r;
    };
    const locked = await lockAccounts(tx, { customer: request.customerAccountId, source: request.source, target: request.target });
    const source = locked.find((a) => a.service_name === request.source);
    const target = locked.find((a) => a.service_name === request.target);
    if (!source) return answer({ ok: false, code: "source_not_found" });
    if (!target) return answer({ ok: false, code: "target_not_found" });
    if (source.status !== "enable") return answer({ ok: false, code: "source_disabled", source: request.source });
    if (target.status !== "enable") return answer({ ok: false, code: "target_disabled" });
    const balance = credits(source.credits_left);
    if (balance < amount.value) return answer({ ok: false, code: "insufficient_credits", source: request.source, balance, amount: amount.value });

    const record = {
      id: randomUUID(),
      customerAccountId: request.customerAccountId,
      sourceSmsAccountId: source.id,
      targetSmsAccountId: target.id,
      amount: amount.value,
      reference,
      actor: request.actor,
    };
    const posted = await postTransfer(tx, record);
    // The debit's transaction decides the source's re-credit; it is charged after the commit.
    const recredit = posted.source.atThreshold
      ? await decideRecredit(tx, source.id, { triggerEntryId: posted.source.entryId })
      : ({ fired: false } as const);
    if (posted.source.atAlert) {
      await decideBalanceAlert(tx, source.id, { triggerEntryId: posted.source.entryId, emailConfigured: emailConfigured() });
    }
    return answer({
      ok: true,
      replayed: false,
      transfer: {
        id: record.id,
        customerAccountId: record.customerAccountId,
        sourceSmsAccountId: source.id,
        targetSmsAccountId: target.id,
        amount: record.amount,
        reference,
        actorType: request.actor.type,
        actorUserId: request.actor.type === "system" ? null : request.actor.userId,
        createdAt: posted.createdAt,
      },
      source: { serviceName: source.service_name, balance: posted.source.balanceAfter },
      target: { serviceName: target.service_name, balance: posted.target.balanceAfter },
      recredit,
    });
  });
  if (!result.ok || result.replayed || !result.recredit.fired || result.recredit.orderId === null) return result;
  // The fast path of the re-credit this transfer fired: charged now, after the commit (the queued job is the net).
  const settled = await settleAfterDebit(db, result.recredit);
  return { ...result, recredit: settled.trigger, source: { ...result.source, balance: settled.balance ?? result.source.balance } };
}

export type TransferListItem = {
  id: string;
  createdAt: Date;
  amount: Credits;
  reference: string;
  source: string;
  target: string;
};

/** Transfers of the customer account touching one SMS account (or all), newest first, keyset-paginated. */
export async function listTransfers(
  db: DbOrTx,
  customerAccountId: number,
  options: { serviceName?: string; limit?: number; beforeId?: string } = {},
): Promise<TransferListItem[]> {
  const src = alias(smsAccounts, "src");
  const dst = alias(smsAccounts, "dst");
  const rows = await db
    .select({
      id: transfers.id,
      createdAt: transfers.createdAt,
      amount: transfers.amount,
      reference: transfers.reference,
      source: src.serviceName,
      target: dst.serviceName,
    })
    .from(transfers)
    .innerJoin(src, eq(src.id, transfers.sourceSmsAccountId))
    .innerJoin(dst, eq(dst.id, transfers.targetSmsAccountId))
    .where(
      and(
        eq(transfers.customerAccountId, customerAccountId),
        options.serviceName ? or(eq(src.serviceName, options.serviceName), eq(dst.serviceName, options.serviceName)) : undefined,
        // The cursor is the last row's id: its time is compared in SQL at full (microsecond) precision, never
        // through a JavaScript Date (milliseconds), or rows sharing a millisecond at a page boundary are lost.
        options.beforeId !== undefined
          ? sql`(${transfers.createdAt}, ${transfers.id}) < (select c.created_at, c.id from ${transfers} c where c.id = ${options.beforeId})`
          : undefined,
      ),
    )
    .orderBy(desc(transfers.createdAt), desc(transfers.id))
    .limit(options.limit ?? 20);
  return rows;
}
