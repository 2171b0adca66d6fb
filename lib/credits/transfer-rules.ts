import { parseCredits, type Credits } from "./amounts";
import { refusalTable } from "../refusals";

/**
 * The rules of a transfer that need no database: the amount and the reference. Pure, so the transfer form's
 * review step uses the very same checks (and messages) as the server, which applies them again.
 */
export const REFERENCE_MAX_LENGTH = 80;

export type TransferRefusal =
  | { code: "amount_required" }
  | { code: "amount_invalid" }
  | { code: "amount_too_precise" }
  | { code: "amount_ambiguous" }
  | { code: "amount_not_positive" }
  | { code: "reference_too_long"; max: number }
  | { code: "same_account" }
  | { code: "source_not_found" }
  | { code: "target_not_found" }
  | { code: "source_disabled"; source: string }
  | { code: "target_disabled" }
  | { code: "insufficient_credits"; source: string; balance: Credits; amount: Credits }
  | { code: "idempotency_conflict" };

export const TRANSFER_REFUSALS = refusalTable<TransferRefusal>("transfer", {
  amount_required: { field: "amount" },
  amount_invalid: { field: "amount" },
  amount_too_precise: { field: "amount" },
  amount_ambiguous: { field: "amount" },
  amount_not_positive: { field: "amount" },
  insufficient_credits: { field: "amount" },
  reference_too_long: { field: "reference" },
  same_account: { field: "target" },
  target_not_found: { field: "target" },
  target_disabled: { field: "target" },
  source_not_found: { field: "source" },
  source_disabled: { field: "source" },
  idempotency_conflict: { status: 409 },
});

/** Validates the amount as a transfer needs it: present, a plain decimal, at most 2 decimals, above zero. */
export function parseTransferAmount(raw: string | number): { ok: true; value: Credits } | ({ ok: false } & TransferRefusal) {
  if (typeof raw === "string" && raw.trim() === "") return { ok: false, code: "amount_required" };
  const parsed = parseCredits(raw);
  if (!parsed.ok) {
    if (parsed.error === "too_precise") return { ok: false, code: "amount_too_precise" };
    if (parsed.error === "ambiguous") return { ok: false, code: "amount_ambiguous" };
    if (parsed.error === "empty") return { ok: false, code: "amount_required" };
    return { ok: false, code: "amount_invalid" };
  }
  if (parsed.value <= 0n) return { ok: false, code: "amount_not_positive" };
  return { ok: true, value: parsed.value };
}

