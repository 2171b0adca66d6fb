import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customerAccounts, invoiceCounters, orders, sellers, type InvoiceParties, type Order } from "@/db/schema";

/**
 * Invoices. A paid order is an invoice: it gets its number when it is marked paid, in the same transaction that
 * credits the ledger (lib/billing/order-records.ts creditPaidOrder), from its seller's counter of the year. The counter row
 * is incremented by an upsert, which keeps it locked until that transaction ends: a concurrent settlement of the same
 * seller waits, and a settlement rolled back gives its number back. So each seller's numbers run 1, 2, 3… each year
 * with no gap and no duplicate (a PostgreSQL sequence would leave gaps). The seller's and customer's details are
 * copied onto the order then: an issued invoice does not change when an address does.
 */

/** "GB", 2026, 123 → "GB-2026-000123". */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

/** Lines of a stored multi-line address, without empty ones. */
export function addressLines(address: string | null | undefined): string[] {
  return (address ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export class MissingSellerError extends Error {
  constructor(subsidiary: string) {
    super(`No seller is configured for subsidiary ${subsidiary}: seed the reference data (sellers) before taking payments.`);
    this.name = "MissingSellerError";
  }
}

/**
 * Gives a paid order its invoice number and parties, in the caller's transaction (the one that marks it paid).
 * Returns the order as updated. An order that already has a number keeps it.
 */
export async function issueInvoice(tx: Tx, order: Order): Promise<Order> {
  if (order.invoiceNumber) return order;
  const [row] = await tx
    .select({ customer: customerAccounts, seller: sellers })
    .from(customerAccounts)
    .leftJoin(sellers, eq(sellers.subsidiary, customerAccounts.subsidiary))
    .where(eq(customerAccounts.id, order.customerAccountId));
  if (!row) throw new Error(`Order ${order.id} has no customer account`);
  const { customer, seller } = row;
  if (!seller) throw new MissingSellerError(customer.subsidiary);

  const year = (order.paidAt ?? new Date()).getUTCFullYear();
  const [counter] = await tx
    .insert(invoiceCounters)
    .values({ subsidiary: seller.subsidiary, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceCounters.subsidiary, invoiceCounters.year],
      set: { lastNumber: sql`${invoiceCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: invoiceCounters.lastNumber });

  const parties: InvoiceParties = {
    seller: {
      name: seller.legalName,
      address: addressLines(seller.address),
      vatNumber: seller.vatNumber,
      registration: seller.registration,
    },
    customer: {
      name: customer.name,
      address: addressLines(customer.billingAddress),
      vatNumber: customer.vatNumber?.trim() || null,
      nicHandle: customer.nicHandle,
    },
  };
  const [issued] = await tx
    .update(orders)
    .set({ invoiceNumber: formatInvoiceNumber(seller.invoicePrefix, year, counter!.lastNumber), invoiceParties: parties })
    .where(eq(orders.id, order.id))
    .returning();
  return issued!;
}
