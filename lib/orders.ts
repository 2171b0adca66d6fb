import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { orders, paymentMethods, smsAccounts, type Order, type PaymentMethod } from "@/db/schema";
import type { Credits } from "./credits";
import type { Actor } from "./ledger";
import { creditPaidOrder, insertPendingOrder, markOrderFailed } from "./order-records";
import { getPaymentProvider, type ChargeFailure, type PaymentProvider } from "./payments/provider";
import { quoteForSubsidiary } from "./price-tiers";
import { parseQuantity, quantityRefusal, type QuantityError } from "./pricing";
import type { Subsidiary } from "./subsidiaries";

/**
 * Buying credits: an order at the tier price, paid through the payment provider; the credits reach the ledger only
 * when the payment succeeds. The order is written (pending) before the provider is called and settled after, so a
 * crash in between leaves a visible pending order, never credits without a payment. An idempotency key makes a
 * resubmitted form return the first order.
 */
export type BuyRefusal =
  | { code: QuantityError; min: number; max: number }
  | { code: "account_not_found" }
  | { code: "account_disabled" }
  | { code: "payment_method_not_found" }
  | { code: "no_payment_method" }
  | { code: "payment_method_not_valid" }
  | { code: "no_price" }
  | { code: "payment_failed"; reason: ChargeFailure; orderId: number }
  | { code: "order_pending"; orderId: number }
  | { code: "idempotency_conflict" };

export type BuyRequest = {
  customerAccountId: number;
  subsidiary: Subsidiary;
  serviceName: string;
  quantity: string | number;
  /** The method to charge; without one, the customer's default valid method (the API's POST order). */
  paymentMethodId?: number;
  idempotencyKey?: string;
  actor: Actor;
  kind?: "purchase";
};

export type BuyResult = { ok: true; order: Order; balance: Credits; replayed: boolean } | ({ ok: false } & BuyRefusal);

export async function validPaymentMethods(db: DbOrTx, customerAccountId: number): Promise<PaymentMethod[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerAccountId, customerAccountId), eq(paymentMethods.status, "valid")))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id));
}

async function settled(db: DbOrTx, order: Order, balance?: Credits): Promise<BuyResult> {
  if (order.status === "paid") {
    const current =
      balance ??
      (await db.select({ b: smsAccounts.creditsLeft }).from(smsAccounts).where(eq(smsAccounts.id, order.smsAccountId)))[0]!.b;
    return { ok: true, order, balance: current, replayed: balance === undefined };
  }
  if (order.status === "failed") {
    return { ok: false, code: "payment_failed", reason: (order.failureReason ?? "provider_error") as ChargeFailure, orderId: order.id };
  }
  return { ok: false, code: "order_pending", orderId: order.id };
}

export async function buyCredits(db: Db, request: BuyRequest, provider: PaymentProvider = getPaymentProvider()): Promise<BuyResult> {
  const quantity = parseQuantity(request.quantity);
  if (!quantity.ok) return { ok: false, ...quantityRefusal(quantity.error) };

  if (request.idempotencyKey) {
    const [existing] = await db
      .select()
      .from(orders)
      .where(and(eq(orders.customerAccountId, request.customerAccountId), eq(orders.idempotencyKey, request.idempotencyKey)));
    if (existing) {
      const [forAccount] = await db
        .select({ id: smsAccounts.id })
        .from(smsAccounts)
        .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)));
      if (existing.quantity !== quantity.value || (request.paymentMethodId !== undefined && existing.paymentMethodId !== request.paymentMethodId) || existing.smsAccountId !== forAccount?.id) {
        return { ok: false, code: "idempotency_conflict" };
      }
      return settled(db, existing);
    }
  }

  const [account] = await db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)));
  if (!account) return { ok: false, code: "account_not_found" };
  if (account.status !== "enable") return { ok: false, code: "account_disabled" };
  const [method] =
    request.paymentMethodId === undefined
      ? await validPaymentMethods(db, request.customerAccountId)
      : await db
          .select()
          .from(paymentMethods)
          .where(and(eq(paymentMethods.customerAccountId, request.customerAccountId), eq(paymentMethods.id, request.paymentMethodId)));
  if (!method) return { ok: false, code: request.paymentMethodId === undefined ? "no_payment_method" : "payment_method_not_found" };
  if (method.status !== "valid") return { ok: false, code: "payment_method_not_valid" };
  const quote = await quoteForSubsidiary(db, request.subsidiary, quantity.value);
  if (!quote) return { ok: false, code: "no_price" };

  let order: Order;
  try {
    order = await insertPendingOrder(db, {
      customerAccountId: request.customerAccountId,
      smsAccountId: account.id,
      kind: "purchase",
      quote,
      paymentMethodId: method.id,
      idempotencyKey: request.idempotencyKey,
    });
  } catch (error) {
    // The same form submitted twice at once: the other request created the order; answer with it.
    const [existing] = request.idempotencyKey
      ? await db
          .select()
          .from(orders)
          .where(and(eq(orders.customerAccountId, request.customerAccountId), eq(orders.idempotencyKey, request.idempotencyKey)))
      : [];
    if (existing) return settled(db, existing);
    throw error;
  }

  const charge = await provider.charge({
    paymentMethod: method,
    amountMinor: quote.totalMinor,
    currency: quote.currency,
    description: `${quantity.value} SMS credits for ${account.serviceName} (order ${order.id})`,
    idempotencyKey: `order-${order.id}`,
  });

  if (!charge.ok) {
    return settled(db, (await markOrderFailed(db, order.id, charge.reason)) ?? order);
  }

  return db.transaction(async (tx) => {
    const credited = await creditPaidOrder(tx, order.id, request.actor);
    if (!credited) {
      const [current] = await tx.select().from(orders).where(eq(orders.id, order.id));
      return settled(tx, current!);
    }
    return settled(tx, credited.order, credited.balanceAfter);
  });
}

export type OrderView = Order & { serviceName: string; paymentMethod: string | null };

export async function listOrders(db: DbOrTx, customerAccountId: number, limit = 50): Promise<OrderView[]> {
  const rows = await db
    .select({ order: orders, serviceName: smsAccounts.serviceName, paymentMethod: paymentMethods.maskedNumber })
    .from(orders)
    .innerJoin(smsAccounts, eq(smsAccounts.id, orders.smsAccountId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(eq(orders.customerAccountId, customerAccountId))
    .orderBy(desc(orders.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.order, serviceName: r.serviceName, paymentMethod: r.paymentMethod }));
}

/** One order of the customer account; null if it is not theirs. */
export async function findOrder(db: DbOrTx, customerAccountId: number, orderId: number): Promise<OrderView | null> {
  if (!Number.isSafeInteger(orderId) || orderId <= 0) return null;
  const [row] = await db
    .select({ order: orders, serviceName: smsAccounts.serviceName, paymentMethod: paymentMethods.maskedNumber })
    .from(orders)
    .innerJoin(smsAccounts, eq(smsAccounts.id, orders.smsAccountId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(and(eq(orders.customerAccountId, customerAccountId), eq(orders.id, orderId)));
  return row ? { ...row.order, serviceName: row.serviceName, paymentMethod: row.paymentMethod } : null;
}

