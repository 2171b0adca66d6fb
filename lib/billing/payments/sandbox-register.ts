import "server-only";
import { randomBytes } from "node:crypto";

/**
 * Registration in the sandbox provider, with its documented test values (docs/sandbox.md):
 *   IBAN whose last 4 digits are 0002 → the mandate is refused at validation
 *   IBAN whose last 4 digits are 0003 → valid mandate, but every debit is refused (insufficient funds)
 *   any other valid IBAN                → pending validation, then valid
 *   card 4000 0000 0000 0002 → valid, charges declined    card 4000 0000 0000 9995 → insufficient funds
 *   card 4000 0000 0000 0069 → registered as expired       any other valid card    → valid
 */
type Status = "pending_validation" | "valid" | "refused" | "expired";

export function registerMandate(iban: string): { status: Status; providerReference: string } {
  const tag = iban.endsWith("0002") ? "_refuse" : iban.endsWith("0003") ? "_insufficient" : "";
  return { status: "pending_validation", providerReference: `sandbox_mandate${tag}_${randomBytes(6).toString("hex")}` };
}

export function sandboxValidationOutcome(providerReference: string): Status {
  return providerReference.includes("_refuse") ? "refused" : "valid";
}

export function registerCard(digits: string): { status: Status; providerReference: string } {
  const id = randomBytes(6).toString("hex");
  if (digits === "4000000000000002") return { status: "valid", providerReference: `sandbox_card_declined_${id}` };
  if (digits === "4000000000009995") return { status: "valid", providerReference: `sandbox_card_insufficient_${id}` };
  if (digits === "4000000000000069") return { status: "expired", providerReference: `sandbox_card_expired_${id}` };
  return { status: "valid", providerReference: `sandbox_card_${id}` };
}
