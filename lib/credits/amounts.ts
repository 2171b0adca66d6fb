/**
 * Exact credit amounts.
 *
 * Credits are fractional (an SMS to India costs 0.4 credit) and must never be rounded silently. In memory a credit
 * amount is a `bigint` of hundredths of a credit (`Credits`); in PostgreSQL it is `numeric(14, 2)`. This module is the
 * only place that converts between text, the database and that integer.
 */

import { scaledToString, type DecimalString } from "../billing/money";
/** Number of decimal places a credit amount may carry. */
export const CREDIT_DECIMALS = 2;
const SCALE = 10n ** BigInt(CREDIT_DECIMALS);

/** An exact amount of credits, in hundredths of a credit. */
export type Credits = bigint;

/** Largest amount the database column can hold (numeric(14,2)). */
export const MAX_CREDITS: Credits = 10n ** 12n * SCALE - 1n;

export type CreditParseError = "empty" | "invalid" | "too_precise" | "too_large" | "ambiguous";
export type CreditParseResult = { ok: true; value: Credits } | { ok: false; error: CreditParseError };

/**
 * Parses a decimal written by a person or a script: "12.5", "12,5", " 1000 ", "-3". Rejects more decimals than
 * supported instead of rounding them, and anything that is not a plain decimal (exponents, thousands separators).
 */
export function parseCredits(input: string | number): CreditParseResult {
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return { ok: false, error: "invalid" };
    // Shortest round-trip representation: 0.1 stays "0.1", 1e21 becomes "1e+21" and is refused below.
    text = String(input);
  } else {
    text = input.trim();
    // Thousands grouped with spaces, as the panel itself writes them in French or Polish ("1 000", "12 345,5"): a
    // space is never a decimal separator, so it reads one way only.
    if (/^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d*)?$/.test(text)) text = text.replace(/[ \u00a0\u202f]/g, "");
  }
  if (text === "") return { ok: false, error: "empty" };
  const match = /^([+-]?)(\d+)(?:[.,](\d*))?$/.exec(text) ?? /^([+-]?)()[.,](\d+)$/.exec(text);
  if (!match) return { ok: false, error: "invalid" };
  const [, sign, whole = "", fractionRaw = ""] = match;
  // Typed "1,000" or "12.500": a thousands separator to many readers, a decimal one to others. Refused rather than
  // read as 1 or 12.5 (or 1000): a person who means a thousand credits must not move one. (A JSON number is not
  // ambiguous.)
  if (typeof input === "string" && /^[1-9]\d{0,2}$/.test(whole) && fractionRaw.length === 3) return { ok: false, error: "ambiguous" };
  const fraction = fractionRaw.replace(/0+$/, "");
  if (fraction.length > CREDIT_DECIMALS) return { ok: false, error: "too_precise" };
  const digits = (whole === "" ? "0" : whole) + fraction.padEnd(CREDIT_DECIMALS, "0");
  let value = BigInt(digits);
  if (value > MAX_CREDITS) return { ok: false, error: "too_large" };
  if (sign === "-") value = -value;
  return { ok: true, value };
}

/** Parses a value known to be well formed (database text, constants); throws otherwise. */
export function credits(input: string | number): Credits {
  const result = parseCredits(input);
  if (!result.ok) throw new RangeError(`Not an exact credit amount: ${String(input)} (${result.error})`);
  return result.value;
}

/** Canonical decimal text without trailing zeros: 41250n → "412.5", 100n → "1", -5n → "-0.05". */
export function creditsToString(value: Credits): DecimalString {
  return scaledToString(value, CREDIT_DECIMALS, { trim: true });
}

/** Fixed-scale text for the database: 41250n → "412.50". */
export function creditsToDb(value: Credits): DecimalString {
  return scaledToString(value, CREDIT_DECIMALS);
}

/**
 * A JSON number for the API (OVHcloud's `creditsLeft` is a number). Exact for every amount the column can hold:
 * the decimal text is at most 14 significant digits, which a double represents and prints back unchanged.
 */
export function creditsToNumber(value: Credits): number {
  return Number(creditsToString(value));
}

/** Formats credits for a person, in their locale: 41250n → "412.5" (en), "412,5" (fr). */
export function formatCredits(value: Credits, locale: string): string {
  let format = creditFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: CREDIT_DECIMALS });
    creditFormats.set(locale, format);
  }
  return format.format(creditsToString(value));
}

/** One formatter per locale: making one costs far more than using it, and a list of 50 balances would make 100. */
const creditFormats = new Map<string, Intl.NumberFormat>();
