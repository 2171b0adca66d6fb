import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import { credits, type Credits } from "../credits/amounts";
import { postEntry, type Actor } from "../credits/ledger";
import { issueInvoice } from "./invoices";
import type { ChargeFailure } from "./payments";
import type { Quote } from "./pricing";
import { orderReference } from "../credits/ledger-references";

/**
 * The one way an order is recorded before its payment: the quote's exact figures (unit price as text, amounts in
 * minor units, VAT rate), pending. Buying credits and the automatic re-credit both record and settle their orders
 * here.
 */
export async function insertPendingOrder(
  db: DbOrTx,
  order: {
    customerAccountId: number;
    smsAccountId: number;
    kind: Order["kind"];
    /** The quantity is the quote's. */
    quote: Quote;
    paymentMethodId: number;
  },
): Promise<Order> {
  const { quote } = order;
  const [row] = await db
    .insert(orders)
    .values({
      customerAccountId: order.customerAccountId,
      smsAccountId: order.smsAccountId,
      kind: order.kind,
      quantity: quote.quantity,
      unitPrice: quote.unitPriceText,
      amountExclVatMinor: quote.amountExclVatMinor,
      vatMinor: quote.vatMinor,
      totalMinor: quote.totalMinor,
      vatBasisPoints: quote.vatBasisPoints,
      currency: quote.currency,
      paymentMethodId: order.paymentMethodId,
      status: "pending",
    })
    .returning();
  return row!;
}

/** A pending order whose payment was refused: failed, with the provider's reason. Null if it was no longer pending. */
export async function markOrderFailed(db: DbOrTx, orderId: number, reason: ChargeFailure): Promise<Order | null> {
  const [failed] = await db
    .update(orders)
    .set({ status: "failed", failureReason: reason })
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending")))
    .returning();
  return failed ?? null;
}

/**
 * A pending order whose payment succeeded: paid, its credits added to the ledger (an entry of the order's kind,
 * referencing it) and its invoice number given (lib/billing/invoices.ts), in the caller's transaction. Null if the order was
 * no longer pending (settled by another request). `paidAt` is for a history written after the fact (the demo data):
 * its entry is dated then too; without it, the entry takes the database's time like every other posting.
 */
export async function creditPaidOrder(
  tx: Tx,
  orderId: number,
  actor: Actor,
  paidAt?: Date,
): Promise<{ order: Order; balanceAfter: Credits } | null> {
  const [paid] = await tx
    .update(orders)
    .set({ status: "paid", paidAt: paidAt ?? new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending")))
    .returning();
  if (!paid) return null;
  const { balanceAfter } = await postEntry(tx, {
    smsAccountId: paid.smsAccountId,
    kind: paid.kind,
    amount: credits(paid.quantity),
    coded: orderReference(paid.id),
    actor,
    orderId: paid.id,
    at: paidAt,
  });
  return { order: await issueInvoice(tx, paid), balanceAfter };
}
