import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@/db/client";
import { smsAccounts, transfers, type SmsAccount, type Transfer } from "@/db/schema";
import type { Credits } from "./credits";
import { postEntries, type Actor } from "./ledger";
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

export async function transferCredits(db: Db, request: TransferRequest): Promise<TransferResult> {
  const amount = parseTransferAmount(request.amount);
  if (!amount.ok) return amount;
  const reference = (request.reference ?? "").trim();
  if (reference.length > REFERENCE_MAX_LENGTH) return { ok: false, code: "reference_too_long", max: REFERENCE_MAX_LENGTH };
  if (request.source === request.target) return { ok: false, code: "same_account" };

  const earlier = await replay(db, request, amount.value);
  if (earlier) return earlier;

  try {
    return await db.transaction(async (tx) => {
      // Both rows, locked in id order (the order every transfer uses), scoped to the customer account.
      const locked: SmsAccount[] = await tx
        .select()
        .from(smsAccounts)
        .where(
          and(
            eq(smsAccounts.customerAccountId, request.customerAccountId),
            inArray(smsAccounts.serviceName, [request.source, request.target]),
          ),
        )
        .orderBy(asc(smsAccounts.id))
        .for("update")
        .prepare("transfer_lock_accounts")
        .execute();
      const source = locked.find((a) => a.serviceName === request.source);
      const target = locked.find((a) => a.serviceName === request.target);
      if (!source) throw new Refused({ code: "source_not_found" });
      if (!target) throw new Refused({ code: "target_not_found" });
      if (source.status !== "enable") throw new Refused({ code: "source_disabled" });
      if (target.status !== "enable") throw new Refused({ code: "target_disabled" });
      if (source.creditsLeft < amount.value) {
        throw new Refused({ code: "insufficient_credits", balance: source.creditsLeft, amount: amount.value });
      }

      const [transfer] = await tx
        .insert(transfers)
        .values({
          customerAccountId: request.customerAccountId,
          sourceSmsAccountId: source.id,
          targetSmsAccountId: target.id,
          amount: amount.value,
          reference,
          // Every column given (null, not undefined), so the prepared statement keeps one text.
          idempotencyKey: request.idempotencyKey ?? null,
          actorType: request.actor.type,
          actorUserId: request.actor.type === "system" ? null : request.actor.userId,
        })
        .returning()
        .prepare("transfer_insert")
        .execute();
      const common = { reference, actor: request.actor, transferId: transfer!.id };
      const [out, into] = await postEntries(tx, [
        { smsAccountId: source.id, kind: "transfer_out", amount: -amount.value, ...common },
        { smsAccountId: target.id, kind: "transfer_in", amount: amount.value, ...common },
      ]);
      const balances = new Map<number, Credits>([
        [source.id, out!.balanceAfter],
        [target.id, into!.balanceAfter],
      ]);
      return {
        ok: true as const,
        replayed: false,
        transfer: transfer!,
        source: { serviceName: source.serviceName, balance: balances.get(source.id)! },
        target: { serviceName: target.serviceName, balance: balances.get(target.id)! },
      };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, ...error.refusal };
    // Two requests with one idempotency key raced: the other one won; answer as a replay of it.
    if (isUniqueViolation(error)) {
      const again = await replay(db, request, amount.value);
      if (again) return again;
    }
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
  options: { serviceName?: string; limit?: number; before?: { createdAt: Date; id: string } } = {},
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
        options.before
          ? or(
              lt(transfers.createdAt, options.before.createdAt),
              and(eq(transfers.createdAt, options.before.createdAt), sql`${transfers.id} < ${options.before.id}`),
            )
          : undefined,
      ),
    )
    .orderBy(desc(transfers.createdAt), desc(transfers.id))
    .limit(options.limit ?? 20);
  return rows;
}
