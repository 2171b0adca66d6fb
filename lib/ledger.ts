import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ledgerEntries, smsAccounts } from "@/db/schema";
import { creditsToDb, type Credits } from "./credits";

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

/** Appends one entry and moves the stored balance with it. Must run inside the caller's transaction. */
export async function postEntry(tx: Tx, input: PostEntryInput): Promise<{ entryId: bigint; balanceAfter: Credits }> {
  if (input.amount === 0n) throw new RangeError("A ledger entry cannot be zero");
  const [updated] = await tx
    .update(smsAccounts)
    .set({ creditsLeft: sql`${smsAccounts.creditsLeft} + ${creditsToDb(input.amount)}::numeric` })
    .where(
      and(
        eq(smsAccounts.id, input.smsAccountId),
        sql`${smsAccounts.creditsLeft} + ${creditsToDb(input.amount)}::numeric >= 0`,
      ),
    )
    .returning({ balance: smsAccounts.creditsLeft });
  if (!updated) {
    const [current] = await tx
      .select({ balance: smsAccounts.creditsLeft })
      .from(smsAccounts)
      .where(eq(smsAccounts.id, input.smsAccountId));
    if (!current) throw new Error(`SMS account ${input.smsAccountId} does not exist`);
    throw new InsufficientCreditsError(current.balance);
  }
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      smsAccountId: input.smsAccountId,
      kind: input.kind,
      amount: input.amount,
      balanceAfter: updated.balance,
      reference: input.reference ?? "",
      actorType: input.actor.type,
      actorUserId: input.actor.type === "system" ? null : input.actor.userId,
      actorLabel: input.actor.label,
      transferId: input.transferId,
      orderId: input.orderId,
      ...(input.at ? { createdAt: input.at } : {}),
    })
    .returning({ id: ledgerEntries.id });
  return { entryId: entry!.id, balanceAfter: updated.balance };
}
