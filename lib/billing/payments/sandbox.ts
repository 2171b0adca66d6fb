import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sandboxCharges } from "@/db/schema";
import type { ChargeFailure, ChargeRequest, ChargeResult, PaymentProvider } from "./provider";

/**
 * The sandbox provider. Outcomes depend on the payment method's test value, recorded in its provider reference when
 * the method is registered (documented in docs/sandbox.md):
 *   card 4242 4242 4242 4242 → charges succeed     card 4000 0000 0000 0002 → charges are declined
 *   card 4000 0000 0000 9995 → insufficient funds  IBAN ending 0003 → every debit refused (insufficient funds)
 * A method that is not in the `valid` state is never charged. Like a real provider, it keeps each charge under its
 * idempotency key (table sandbox_charges): asked again with the same key, it answers the first outcome.
 */
export const SANDBOX_DECLINE_MARKERS: Array<[string, ChargeResult & { ok: false }]> = [
  ["_declined", { ok: false, reason: "declined" }],
  ["_insufficient", { ok: false, reason: "insufficient_funds" }],
];

function outcome(request: ChargeRequest): ChargeResult {
  if (request.paymentMethod.status !== "valid") {
    return { ok: false, reason: request.paymentMethod.status === "revoked" ? "mandate_revoked" : "method_not_valid" };
  }
  for (const [marker, result] of SANDBOX_DECLINE_MARKERS) {
    if (request.paymentMethod.providerReference.includes(marker)) return result;
  }
  const id = createHash("sha256").update(request.idempotencyKey).digest("hex").slice(0, 16);
  return { ok: true, providerReference: `sandbox_charge_${id}` };
}

export function sandboxProvider(db: DbOrTx): PaymentProvider {
  return {
    name: "sandbox",
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const result = outcome(request);
      await db
        .insert(sandboxCharges)
        .values({
          idempotencyKey: request.idempotencyKey,
          amountMinor: request.amountMinor,
          currency: request.currency,
          outcome: result.ok ? "succeeded" : result.reason,
          providerReference: result.ok ? result.providerReference : "",
        })
        .onConflictDoNothing();
      const [kept] = await db.select().from(sandboxCharges).where(eq(sandboxCharges.idempotencyKey, request.idempotencyKey));
      if (!kept) throw new Error(`sandbox charge ${request.idempotencyKey} was not recorded`);
      return kept.outcome === "succeeded" ? { ok: true, providerReference: kept.providerReference } : { ok: false, reason: kept.outcome as ChargeFailure };
    },
  };
}
