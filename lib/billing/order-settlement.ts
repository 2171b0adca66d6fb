import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders, paymentMethods, recreditAttempts, smsAccounts, type Order } from "@/db/schema";
import type { Credits } from "../credits/amounts";
import type { Actor } from "../credits/ledger";
import { creditPaidOrder, markOrderFailed } from "./order-records";
import { getPaymentProvider, type PaymentProvider } from "./payments";
import { recordRecreditOutcome, type TriggerResult } from "../recredit/trigger";

/**
 * Settles a pending order — a purchase or an automatic re-credit — with the payment provider, after the commit that
 * recorded it: first the request that made it (its fast path), and in any case the job queued with it (the
 * settle-order job), which finds the work done unless that request died on the way. Safe to run any number of times,
 * at once on several instances: the provider charges once per idempotency key (the order's id) and answers the
 * same outcome again; only one settlement moves the order out of pending, in the transaction that credits the
 * ledger. No row is locked while the provider is called.
 */
export type Settlement = { order: Order; balance: Credits | null };

export async function settleOrder(
  db: DbOrTx,
  orderId: number,
  options: { actor?: Actor; provider?: PaymentProvider } = {},
): Promise<Settlement | null> {
  const provider = options.provider ?? getPaymentProvider(db);
  const [row] = await db
    .select({ order: orders, method: paymentMethods, serviceName: smsAccounts.serviceName })
    .from(orders)
    .innerJoin(smsAccounts, eq(smsAccounts.id, orders.smsAccountId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(eq(orders.id, orderId));
  if (!row) return null;
  if (row.order.status !== "pending") return { order: row.order, balance: null };
  const { order, method } = row;

  const charge = method
    ? await provider.charge({
        paymentMethod: method,
        amountMinor: order.totalMinor,
        currency: order.currency,
        description:
          order.kind === "auto_recredit"
            ? `Automatic re-credit of ${order.quantity} SMS credits for ${row.serviceName} (order ${order.id})`
            : `${order.quantity} SMS credits for ${row.serviceName} (order ${order.id})`,
        idempotencyKey: `order-${order.id}`,
      })
    : ({ ok: false, reason: "method_not_valid" } as const);

  return db.transaction(async (tx) => {
    if (!charge.ok) {
      const failed = await markOrderFailed(tx, order.id, charge.reason);
      if (!failed) return current(tx, order.id);
      if (failed.kind === "auto_recredit") await recordRecreditOutcome(tx, failed, charge.reason);
      return { order: failed, balance: null };
    }
    const actor: Actor =
      order.kind === "auto_recredit" ? { type: "system", label: "automatic re-credit" } : (options.actor ?? { type: "system", label: "payment settlement" });
    const credited = await creditPaidOrder(tx, order.id, actor);
    if (!credited) return current(tx, order.id);
    if (credited.order.kind === "auto_recredit") await recordRecreditOutcome(tx, credited.order, null);
    return { order: credited.order, balance: credited.balanceAfter };
  });
}

async function current(db: DbOrTx, orderId: number): Promise<Settlement> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return { order: order!, balance: null };
}

/** Orders still pending after `olderThanSeconds`: the housekeeping sweep settles them (their job was lost or exhausted). */
export async function stalePendingOrders(db: DbOrTx, olderThanSeconds: number): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "pending"), lt(orders.createdAt, new Date(Date.now() - olderThanSeconds * 1000))))
    .limit(500);
  return rows.map((r) => r.id);
}

/**
 * The fast path of a re-credit decided by a debit or a settings save: charged right after that commit. Returns the
 * attempt as it ended and the account's balance now (the re-credit included when it succeeded).
 */
export async function settleAfterDebit(db: DbOrTx, trigger: TriggerResult): Promise<{ trigger: TriggerResult; balance: Credits | null }> {
  if (!trigger.fired || trigger.orderId === null) return { trigger, balance: null };
  const settled = await settleOrder(db, trigger.orderId);
  const [attempt] = await db.select().from(recreditAttempts).where(eq(recreditAttempts.orderId, trigger.orderId));
  const [account] = settled
    ? await db.select({ balance: smsAccounts.creditsLeft }).from(smsAccounts).where(eq(smsAccounts.id, settled.order.smsAccountId))
    : [];
  return { trigger: { ...trigger, attempt: attempt ?? trigger.attempt }, balance: account?.balance ?? null };
}
