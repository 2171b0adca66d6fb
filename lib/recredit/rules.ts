import { RECREDIT_AMOUNTS } from "@/db/enums";
import { addCalendarMonthsUtc, utcDay } from "../calendar";
import { parseCredits, type Credits } from "../credits/amounts";

/**
 * The rules of automatic re-credit that need no database, shared by the page (to explain them before the form),
 * the server action and the API (to refuse with the same reason), and the trigger (to re-check them).
 */
export { RECREDIT_AMOUNTS };
export type RecreditAmount = (typeof RECREDIT_AMOUNTS)[number];
export const MINIMUM_AGE_MONTHS = 2;
export const MAX_CONSECUTIVE_FAILURES = 3;

export type RecreditConditions = {
  mandate: { met: boolean };
  /** `eligibleFrom`: the first UTC day the account is old enough (creation day + 2 calendar months, clamped). */
  age: { met: boolean; eligibleFrom: Date };
  met: boolean;
};

export function recreditConditions(input: { createdAt: Date; now: Date; hasValidMandate: boolean }): RecreditConditions {
  const eligibleFrom = addCalendarMonthsUtc(input.createdAt, MINIMUM_AGE_MONTHS);
  const ageMet = utcDay(input.now) >= eligibleFrom;
  return {
    mandate: { met: input.hasValidMandate },
    age: { met: ageMet, eligibleFrom },
    met: ageMet && input.hasValidMandate,
  };
}

/**
 * When a re-credit is due: it is on (an amount is set) and the balance is at or below the threshold. The trigger
 * fires on it after a debit (the ledger's posting statement tests the same in SQL), and the form warns with it that
 * saving settings will fire at once.
 */
export function recreditDue(settings: { amount: number | null; threshold: Credits }, balance: Credits): boolean {
  return settings.amount !== null && balance <= settings.threshold;
}

/** Whether automatic re-credit is on for an account (an amount to top up is set). */
export function isRecreditOn(account: { recreditAmount: number | null }): boolean {
  return account.recreditAmount !== null;
}

/**
 * The state of an account's automatic re-credit as the pages show it: off (no amount set), on, or suspended — an
 * amount is set but the customer has no valid SEPA direct debit mandate to pay it, so it cannot run until one is
 * valid again (the trigger would record a "no_valid_mandate" failure). The SMS list, Home and Options use this one rule.
 */
export type RecreditState = "on" | "off" | "suspended";

export function recreditState(account: { recreditAmount: number | null }, hasValidMandate: boolean): RecreditState {
  if (!isRecreditOn(account)) return "off";
  return hasValidMandate ? "on" : "suspended";
}

export type SettingsRefusal =
  | { code: "threshold_required" }
  | { code: "threshold_invalid" }
  | { code: "threshold_too_precise" }
  | { code: "threshold_ambiguous" }
  | { code: "threshold_negative" }
  | { code: "amount_invalid" }
  | { code: "no_valid_mandate" }
  | { code: "account_too_young"; eligibleFrom: Date };

/** Threshold: a decimal ≥ 0 with at most 2 decimals. Amount: one of the packs, or "off"/"" / null for "Do not top up". */
export function parseRecreditSettings(raw: { threshold: string | number; amount: string | number | null }):
  | { ok: true; threshold: Credits; amount: RecreditAmount | null }
  | ({ ok: false } & SettingsRefusal) {
  if (typeof raw.threshold === "string" && raw.threshold.trim() === "") return { ok: false, code: "threshold_required" };
  const threshold = parseCredits(raw.threshold);
  if (!threshold.ok) {
    if (threshold.error === "too_precise") return { ok: false, code: "threshold_too_precise" };
    if (threshold.error === "ambiguous") return { ok: false, code: "threshold_ambiguous" };
    return { ok: false, code: "threshold_invalid" };
  }
  if (threshold.value < 0n) return { ok: false, code: "threshold_negative" };
  if (raw.amount === null || raw.amount === "off" || raw.amount === "") return { ok: true, threshold: threshold.value, amount: null };
  const amount = Number(raw.amount);
  if (!(RECREDIT_AMOUNTS as readonly number[]).includes(amount) || !/^\d+$/.test(String(raw.amount).trim())) {
    return { ok: false, code: "amount_invalid" };
  }
  return { ok: true, threshold: threshold.value, amount: amount as RecreditAmount };
}
