import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outgoingSms } from "@/db/schema";
import type { Credits } from "../credits/amounts";
import { postEntry, type Actor } from "../credits/ledger";
import { smsCancelReference } from "../credits/ledger-references";
import { refusalTable } from "../refusals";
import { findSmsAccount } from "./accounts";
import { isCanonicalId, MAX_INT8 } from "../validation/common";

/**
 * Cancelling a scheduled send (OVHcloud's DELETE /sms/{serviceName}/jobs/{id}, and the panel's cancel button): one
 * message of a send accepted with a differedPeriod, not yet handed to the carrier. Its credits, taken at acceptance,
 * come back exactly once: the message leaves "pending" and its refund entry is written in one transaction, by a
 * conditional update that the hand-off's claim (lib/sms/send.ts) also needs. PostgreSQL serialises the two on the row:
 * whichever commits first wins, and the other finds the row changed and does nothing. A second cancel is told the job
 * is already cancelled; nothing moves twice.
 */
export type CancelRefusal =
  | { code: "account_not_found" }
  | { code: "job_not_found" }
  /** Sent at once (no differedPeriod): there is nothing to cancel. */
  | { code: "job_not_scheduled" }
  /** Its time came and the carrier has it (or is being handed it now). */
  | { code: "job_already_sent" };

export const CANCEL_REFUSALS = refusalTable<CancelRefusal>("cancel", {
  account_not_found: { status: 404 },
  job_not_found: { status: 404 },
  job_not_scheduled: {},
  job_already_sent: { status: 409 },
});

export type CancelResult = { ok: true; alreadyCanceled: boolean; refunded: Credits } | ({ ok: false } & CancelRefusal);

export async function cancelScheduledSms(
  db: Db,
  input: { customerAccountId: number; serviceName: string; id: string; actor: Actor },
): Promise<CancelResult> {
  const account = await findSmsAccount(db, input.customerAccountId, input.serviceName);
  if (!account) return { ok: false, code: "account_not_found" };
  if (!isCanonicalId(input.id, MAX_INT8)) return { ok: false, code: "job_not_found" };
  const id = BigInt(input.id);
  return db.transaction(async (tx): Promise<CancelResult> => {
    // Only a scheduled message nobody is handing off: the claim of a hand-off holds it until its lease lapses.
    const [canceled] = await tx
      .update(outgoingSms)
      .set({ status: "canceled" })
      .where(
        and(
          eq(outgoingSms.id, id),
          eq(outgoingSms.smsAccountId, account.id),
          eq(outgoingSms.status, "pending"),
          sql`${outgoingSms.deliverAfter} is not null`,
          sql`(${outgoingSms.handoffClaimedUntil} is null or ${outgoingSms.handoffClaimedUntil} < now())`,
        ),
      )
      .returning({ credits: outgoingSms.credits, receiver: outgoingSms.receiver });
    if (!canceled) {
      const [row] = await tx
        .select({ status: outgoingSms.status, deliverAfter: outgoingSms.deliverAfter })
        .from(outgoingSms)
        .where(and(eq(outgoingSms.id, id), eq(outgoingSms.smsAccountId, account.id)));
      if (!row) return { ok: false, code: "job_not_found" };
      if (row.status === "canceled") return { ok: true, alreadyCanceled: true, refunded: 0n as Credits };
      if (row.deliverAfter === null) return { ok: false, code: "job_not_scheduled" };
      return { ok: false, code: "job_already_sent" };
    }
    const { entryId } = await postEntry(tx, {
      smsAccountId: account.id,
      kind: "adjustment",
      amount: canceled.credits,
      coded: smsCancelReference(id, canceled.receiver),
      actor: input.actor,
    });
    await tx.update(outgoingSms).set({ refundEntryId: entryId }).where(eq(outgoingSms.id, id));
    return { ok: true, alreadyCanceled: false, refunded: canceled.credits };
  });
}
