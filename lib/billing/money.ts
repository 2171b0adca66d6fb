/**
 * Exact money. Amounts are integers of the currency's minor unit (pence, cents, grosze: 2 decimals for GBP, EUR and
 * PLN); unit prices of one credit are integers of 1/100000 of the major unit (numeric(12,5) in SQL). Every
 * rounding happens here, half up, once, on totals.
 */
import type { CURRENCIES } from "@/db/enums";

export type Currency = (typeof CURRENCIES)[number];
export const MINOR_DECIMALS = 2;
export const UNIT_PRICE_DECIMALS = 5;

/** "0.06" → 6000n (hundred-thousandths). Throws on anything that is not a plain non-negative decimal of ≤ 5 places. */
export function parseUnitPrice(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,5})0*)?$/.exec(text.trim()) ?? /^(\d+)\.(\d{0,5})0*$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a unit price: ${text}`);
  return BigInt(m[1]!) * 10n ** BigInt(UNIT_PRICE_DECIMALS) + BigInt((m[2] ?? "").padEnd(UNIT_PRICE_DECIMALS, "0"));
}

/** Divides and rounds half up (for non-negative values). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError("divRoundHalfUp takes a non-negative numerator");
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** Decimal text of a scaled integer: (6000n, 5) → "0.06", (1931n, 2) → "19.31". */
/** A decimal numeral ("-12.50"): what Intl.NumberFormat formats exactly, without going through a double. */
export type DecimalString = `${number}`;

export function scaledToString(value: bigint, decimals: number, { trim = false } = {}): DecimalString {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  let fraction = (abs % scale).toString().padStart(decimals, "0");
  if (trim) fraction = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / scale}${fraction ? `.${fraction}` : ""}` as DecimalString;
}

export function minorToString(minor: bigint): DecimalString {
  return scaledToString(minor, MINOR_DECIMALS);
}

/** Formats money for a person in their locale: (1931n, "GBP", "en") → "£19.31". */
export function formatMoney(minor: bigint, currency: Currency, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minorToString(minor));
}

/** Formats a unit price with up to 5 decimals: (5800n, "GBP", "en") → "£0.058". */
export function formatUnitPrice(unit: bigint, currency: Currency, locale: string): string {
  // Always at least 3 decimals, so prices of one table read alike: £0.060 beside £0.058, never £0.06 beside £0.058.
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: 3,
    maximumFractionDigits: UNIT_PRICE_DECIMALS,
  }).format(scaledToString(unit, UNIT_PRICE_DECIMALS));
}

/** A VAT rate in basis points as a percentage, exactly: 2000 → "20", 2150 → "21.5". */
export function vatPercent(basisPoints: number): DecimalString {
  return scaledToString(BigInt(basisPoints), 2, { trim: true });
}

/**
 * Price of `credits` at a unit price per credit, in minor units, rounded half up once: what one SMS part to a
 * destination costs at a pack's price.
 */
export function creditsPriceMinor(unitPrice: bigint, creditsHundredths: bigint): bigint {
  // unit price: 1/100000 of the currency; credits: 1/100 of a credit; minor units: 1/100 → divide by 10^5.
  return divRoundHalfUp(unitPrice * creditsHundredths, 100000n);
}
