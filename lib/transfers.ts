import { randomUUID } from "node:crypto";
import { and, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { namedStatement, type Db, type DbOrTx } from "@/db/client";
import { smsAccounts, transfers, type SmsAccount, type Transfer } from "@/db/schema";
import { credits, type Credits } from "./credits";
import { postTransfer, type Actor } from "./ledger";
import { parseTransferAmount, REFERENCE_MAX_LENGTH, type TransferRefusal } from "./transfer-rules";

export { parseTransferAmount, REFERENCE_MAX_LENGTH, type TransferRefusal };

/**
 * Transfer credits between two SMS accounts of the same customer account, immediately: both ledger entries and both
 * balances change in one transaction or not at all. Rows are locked in id order, so opposite transfers cannot
 * deadlock. An idempotency key makes a retried request (double click, resubmitted form, API retry) a no-op that
 * returns the first result.
 */

export type TransferRequest = {
  customerAccountId: number;
  source: string;
  target: string;
  /** As typed by a person or sent by a script; parsed exactly here. */
  amount: string | number;
  reference?: string;
  idempotencyKey?: string;
  actor: Actor;
};

export type TransferSuccess = {
  ok: true;
  transfer: Transfer;
  source: { serviceName: string; balance: Credits };
  target: { serviceName: string; balance: Credits };
  /** True when this request repeated an earlier one (same idempotency key) and changed nothing. */
  replayed: boolean;
};

export type TransferResult = TransferSuccess | ({ ok: false } & TransferRefusal);

class Refused extends Error {
  constructor(readonly refusal: TransferRefusal) {
    super(refusal.code);
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}

async function replay(db: DbOrTx, request: TransferRequest, amount: Credits): Promise<TransferResult | null> {
  if (!request.idempotencyKey) return null;
  const src = alias(smsAccounts, "src");
  const dst = alias(smsAccounts, "dst");
  const [found] = await db
    .select({ transfer: transfers, source: src, target: dst })
    .from(transfers)
    .innerJoin(src, eq(src.id, transfers.sourceSmsAccountId))
    .innerJoin(dst, eq(dst.id, transfers.targetSmsAccountId))
    .where(
      and(eq(transfers.customerAccountId, request.customerAccountId), eq(transfers.idempotencyKey, request.idempotencyKey)),
    );
  if (!found) return null;
  const same =
    found.source.serviceName === request.source && found.target.serviceName === request.target && found.transfer.amount === amount;
  if (!same) return { ok: false, code: "idempotency_conflict" };
  return {
    ok: true,
    replayed: true,
    transfer: found.transfer,
    source: { serviceName: found.source.serviceName, balance: found.source.creditsLeft },
    target: { serviceName: found.target.serviceName, balance: found.target.creditsLeft },
  };
}

/**
 * Both rows of a transfer, locked in id order (the order every transfer uses) and scoped to the customer account,
 * and whether the idempotency key was already used: one round trip. A compiled statement, since it runs on every
 * transfer.
 */
const lockAccounts = namedStatement<
  { id: number; service_name: string; status: SmsAccount["status"]; credits_left: string; replay: boolean },
  "customer" | "source" | "target" | "key"
>(
  "transfer_lock_accounts",
  (v) => sql`
    select a.id, a.service_name, a.status, a.credits_left::text as credits_left,
           exists (select 1 from transfers t where t.customer_account_id = ${v("customer")}::int
                                               and t.idempotency_key = ${v("key")}::text) as replay
    from sms_accounts a
    where a.customer_account_id = ${v("customer")}::int and a.service_name in (${v("source")}::text, ${v("target")}::text)
    order by a.id
    for update`,
);

class Replay extends Error {}

export async function transferCredits(db: Db, request: TransferRequest): Promise<TransferResult> {
  const amount = parseTransferAmount(request.amount);
  if (!amount.ok) return amount;
  const reference = (request.reference ?? "").trim();
  if (reference.length > REFERENCE_MAX_LENGTH) return { ok: false, code: "reference_too_long", max: REFERENCE_MAX_LENGTH };
  if (request.source === request.target) return { ok: false, code: "same_account" };
  const idempotencyKey = request.idempotencyKey ?? null;

  try {
    return await db.transaction(async (tx) => {
      const locked = await lockAccounts(tx, {
        customer: request.customerAccountId,
        source: request.source,
        target: request.target,
        key: idempotencyKey,
      });
      if (locked.some((a) => a.replay)) throw new Replay();
      const source = locked.find((a) => a.service_name === request.source);
      const target = locked.find((a) => a.service_name === request.target);
      if (!source) throw new Refused({ code: "source_not_found" });
      if (!target) throw new Refused({ code: "target_not_found" });
      if (source.status !== "enable") throw new Refused({ code: "source_disabled" });
      if (target.status !== "enable") throw new Refused({ code: "target_disabled" });
      const balance = credits(source.credits_left);
      if (balance < amount.value) throw new Refused({ code: "insufficient_credits", balance, amount: amount.value });

      const record = {
        id: randomUUID(),
        customerAccountId: request.customerAccountId,
        sourceSmsAccountId: source.id,
        targetSmsAccountId: target.id,
        amount: amount.value,
        reference,
        idempotencyKey,
        actor: request.actor,
      };
      const posted = await postTransfer(tx, record);
      return {
        ok: true as const,
        replayed: false,
        transfer: {
          id: record.id,
          customerAccountId: record.customerAccountId,
          sourceSmsAccountId: source.id,
          targetSmsAccountId: target.id,
          amount: record.amount,
          reference,
          idempotencyKey,
          actorType: request.actor.type,
          actorUserId: request.actor.type === "system" ? null : request.actor.userId,
          createdAt: posted.createdAt,
        },
        source: { serviceName: source.service_name, balance: posted.source.balanceAfter },
        target: { serviceName: target.service_name, balance: posted.target.balanceAfter },
      };
    });
  } catch (error) {
    // The key was used by an earlier request (seen under the lock), or by a request racing this one: its insert
    // won and ours failed on the unique index, or it committed while we waited for the lock — the key check then
    // ran before the wait and missed it, while the balance read after the wait already shows its debit, so this
    // request looks refused (insufficient credits). In every case: answer as a replay of that one.
    if (error instanceof Replay || isUniqueViolation(error) || (error instanceof Refused && idempotencyKey !== null)) {
      const again = await replay(db, request, amount.value);
      if (again) return again;
    }
    if (error instanceof Refused) return { ok: false, ...error.refusal };
    throw error;
  }
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
