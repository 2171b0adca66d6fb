import { createHash } from "node:crypto";
import type { ChargeRequest, ChargeResult, PaymentProvider } from "./provider";

/**
 * The sandbox provider. Outcomes depend on the payment method's test value, recorded in its provider reference when
 * the method is registered (documented in docs/sandbox.md):
 *   card 4242 4242 4242 4242 → charges succeed     card 4000 0000 0000 0002 → charges are declined
 *   card 4000 0000 0000 9995 → insufficient funds  IBAN ending 0002 (e.g. GB94 BARC 1020 1530 0930 02) → debit refused
 * A method that is not in the `valid` state is never charged.
 */
export const SANDBOX_DECLINE_MARKERS: Array<[string, ChargeResult & { ok: false }]> = [
  ["_declined", { ok: false, reason: "declined" }],
  ["_insufficient", { ok: false, reason: "insufficient_funds" }],
];

export const sandboxProvider: PaymentProvider = {
  name: "sandbox",
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (request.paymentMethod.status !== "valid") {
      return { ok: false, reason: request.paymentMethod.status === "revoked" ? "mandate_revoked" : "method_not_valid" };
    }
    for (const [marker, result] of SANDBOX_DECLINE_MARKERS) {
      if (request.paymentMethod.providerReference.includes(marker)) return result;
    }
    const id = createHash("sha256").update(request.idempotencyKey).digest("hex").slice(0, 16);
    return { ok: true, providerReference: `sandbox_charge_${id}` };
  },
};
