import type { Currency } from "@/lib/billing/money";

/**
 * The payment provider interface. There is no real bank here: the built-in sandbox behaves like a real provider's
 * test mode (documented test values are refused), and a real provider can be plugged in behind the same interface.
 */
export type ChargeFailure = "declined" | "insufficient_funds" | "mandate_revoked" | "method_not_valid" | "provider_error";

export type ChargeRequest = {
  paymentMethod: { type: "sepa_direct_debit" | "card"; status: string; providerReference: string };
  amountMinor: bigint;
  currency: Currency;
  description: string;
  /** The provider charges at most once per key: a repeated call gets the first charge's outcome. */
  idempotencyKey: string;
};

export type ChargeResult = { ok: true; providerReference: string } | { ok: false; reason: ChargeFailure };

/**
 * A provider is called only after the commit that recorded the pending order, never while an account row is
 * locked; the settlement (lib/billing/order-settlement.ts) may call it again for the same order after a crash, with the same
 * idempotency key, and gets the first outcome.
 */
export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
