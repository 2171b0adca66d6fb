import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { orders, paymentMethods, smsAccounts, type Order, type PaymentMethod } from "@/db/schema";
import type { Credits } from "../credits/amounts";
import { claimKey, fingerprint, recordAnswer, type IdempotencyClaim } from "../idempotency";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import type { Actor } from "../credits/ledger";
import { insertPendingOrder } from "./order-records";
import { settleOrder } from "./order-settlement";
import type { ChargeFailure, PaymentProvider } from "./payments";
import { quoteForSubsidiary } from "./price-tiers";
import { parseQuantity, QUANTITY_REFUSALS, quantityRefusal, type QuantityRefusal } from "./pricing";
import { refusalTable } from "../refusals";
import type { Subsidiary } from "./subsidiaries";
import { isCanonicalId } from "../validation/common";

/**
 * Buying credits: an order at the tier price, paid through the payment provider; the credits reach the ledger only
 * when the payment succeeds. The order is written pending, with its settle-order job, in one transaction; the
 * provider is called after the commit (lib/billing/order-settlement.ts), by this request and, should it die on the way, by
 * the job. An idempotency key makes a resubmitted form or a retried API call answer with the first order.
 */
export type BuyRefusal =
  | QuantityRefusal
  | { code: "account_not_found" }
  | { code: "account_disabled" }
  | { code: "payment_method_not_found" }
  | { code: "no_payment_method" }
  | { code: "payment_method_not_valid" }
  | { code: "no_price" }
  /** `method`: the masked name of the method charged ("Visa •••• 0002"), so the refusal can name it. */
  | { code: "payment_failed"; reason: ChargeFailure; orderId: number; method: string }
  | { code: "order_pending"; orderId: number }
  | { code: "idempotency_conflict" };

export const BUY_REFUSALS = refusalTable<BuyRefusal>("buy", {
  ...QUANTITY_REFUSALS,
  account_not_found: { status: 404 },
  account_disabled: {},
  payment_method_not_found: { field: "paymentMethodId" },
  payment_method_not_valid: { field: "paymentMethodId" },
  no_payment_method: {},
  no_price: {},
  payment_failed: { params: (r, { t }) => ({ reason: t(`errors.buy.reason.${r.reason}`) }) },
  order_pending: { keepToken: true },
  idempotency_conflict: { status: 409 },
});

export type BuyRequest = {
  customerAccountId: number;
  subsidiary: Subsidiary;
  serviceName: string;
  quantity: string | number;
  /** The method to charge; without one, the customer's default valid method (the API's POST order). */
  paymentMethodId?: number;
  idempotency?: IdempotencyClaim;
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

/** The answer for an order as it stands: paid (with the balance), failed (with the reason), or still pending. */
async function answerFor(db: DbOrTx, order: Order, replayed: boolean, balance?: Credits | null): Promise<BuyResult> {
  if (order.status === "paid") {
    const current =
      balance ??
      (await db.select({ b: smsAccounts.creditsLeft }).from(smsAccounts).where(eq(smsAccounts.id, order.smsAccountId)))[0]!.b;
    return { ok: true, order, balance: current, replayed };
  }
  if (order.status === "failed") {
    const [method] = order.paymentMethodId
      ? await db.select({ masked: paymentMethods.maskedNumber }).from(paymentMethods).where(eq(paymentMethods.id, order.paymentMethodId))
      : [];
    return {
      ok: false,
      code: "payment_failed",
      reason: (order.failureReason ?? "provider_error") as ChargeFailure,
      orderId: order.id,
      method: method?.masked ?? "",
    };
  }
  return { ok: false, code: "order_pending", orderId: order.id };
}

/** What the idempotency key records: the order (its outcome is read again on a repeat), or the refusal. */
type Placed = { ok: true; orderId: number } | ({ ok: false } & BuyRefusal);

export async function buyCredits(db: Db, request: BuyRequest, provider?: PaymentProvider): Promise<BuyResult> {
  const quantity = parseQuantity(request.quantity);
  if (!quantity.ok) return { ok: false, ...quantityRefusal(quantity.error) };
  const claim = request.idempotency;

  const placed = await db.transaction(async (tx): Promise<Placed & { replayed: boolean }> => {
    if (claim) {
      const print = fingerprint("purchase", { serviceName: request.serviceName, quantity: quantity.value, paymentMethodId: request.paymentMethodId ?? null });
      const claimed = await claimKey<Placed>(tx, claim, print);
      if (claimed.state === "replay") return { ...claimed.result, replayed: true };
      if (claimed.state === "conflict") return { ok: false, code: "idempotency_conflict", replayed: false };
    }
    const answer = async (r: Placed) => {
      if (claim) await recordAnswer(tx, claim, r);
      return { ...r, replayed: false };
    };
    const [account] = await tx
      .select()
      .from(smsAccounts)
      .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)));
    if (!account) return answer({ ok: false, code: "account_not_found" });
    if (account.status !== "enable") return answer({ ok: false, code: "account_disabled" });
    const [method] =
      request.paymentMethodId === undefined
        ? await validPaymentMethods(tx, request.customerAccountId)
        : await tx
            .select()
            .from(paymentMethods)
            .where(and(eq(paymentMethods.customerAccountId, request.customerAccountId), eq(paymentMethods.id, request.paymentMethodId)));
    if (!method) return answer({ ok: false, code: request.paymentMethodId === undefined ? "no_payment_method" : "payment_method_not_found" });
    if (method.status !== "valid") return answer({ ok: false, code: "payment_method_not_valid" });
    const quote = await quoteForSubsidiary(tx, request.subsidiary, quantity.value);
    if (!quote) return answer({ ok: false, code: "no_price" });
    const order = await insertPendingOrder(tx, {
      customerAccountId: request.customerAccountId,
      smsAccountId: account.id,
      kind: "purchase",
      quote,
      paymentMethodId: method.id,
    });
    await enqueue(tx, QUEUES.settleOrder, { orderId: order.id });
    return answer({ ok: true, orderId: order.id });
  });

  if (!placed.ok) return placed;
  // The fast path: charge and settle now. A repeat of a request that is still pending settles it too (idempotent).
  const settled = await settleOrder(db, placed.orderId, { actor: request.actor, provider });
  if (!settled) return { ok: false, code: "account_not_found" };
  return answerFor(db, settled.order, placed.replayed, settled.balance);
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

/** One order of the customer account; null if it is not theirs. A URL's id ("42") is read on the canonical-id rule. */
export async function findOrder(db: DbOrTx, customerAccountId: number, orderId: number | string): Promise<OrderView | null> {
  if (typeof orderId === "string") orderId = isCanonicalId(orderId) ? Number(orderId) : 0;
  if (!Number.isSafeInteger(orderId) || orderId <= 0) return null;
  const [row] = await db
    .select({ order: orders, serviceName: smsAccounts.serviceName, paymentMethod: paymentMethods.maskedNumber })
    .from(orders)
    .innerJoin(smsAccounts, eq(smsAccounts.id, orders.smsAccountId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(and(eq(orders.customerAccountId, customerAccountId), eq(orders.id, orderId)));
  return row ? { ...row.order, serviceName: row.serviceName, paymentMethod: row.paymentMethod } : null;
}

