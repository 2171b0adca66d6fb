import type { Currency } from "@/lib/money";
import { sandboxProvider } from "./sandbox";

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
  /** The provider must not charge twice for one key. */
  idempotencyKey: string;
};

export type ChargeResult = { ok: true; providerReference: string } | { ok: false; reason: ChargeFailure };

export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export function getPaymentProvider(): PaymentProvider {
  return sandboxProvider;
}
