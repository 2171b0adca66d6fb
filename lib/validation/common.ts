import { z } from "zod";

/**
 * The shared pieces of every input schema (server actions' forms, API bodies and paths, query strings). Messages are
 * keys of the "validation" message catalog. PostgreSQL refuses a NUL character in text, and integer columns hold
 * 32 bits: both are refused here, at the boundary, rather than by the database with a 500.
 */
export const NUL = "\u0000";

export function hasNul(value: string): boolean {
  return value.includes(NUL);
}

/** Any text: refused if it holds a NUL character. `typeMessage` is the message when the value is not text at all. */
export const text = (typeMessage?: string) =>
  z.string(typeMessage ? { message: typeMessage } : undefined).refine((value) => !hasNul(value), { message: "validation.nul", abort: true });

/** Largest value of a PostgreSQL integer (int4) column, the type of most ids. */
export const MAX_INT4 = 2_147_483_647;
/** Largest value of a PostgreSQL bigint (int8) column. */
export const MAX_INT8 = 9_223_372_036_854_775_807n;

/** Canonical decimal digits of a positive integer: no sign, no spaces, no leading zero, no exponent, no point. */
const CANONICAL_POSITIVE = /^[1-9][0-9]*$/;

export function isCanonicalId(value: string, max: bigint = BigInt(MAX_INT4)): boolean {
  return CANONICAL_POSITIVE.test(value) && value.length <= 19 && BigInt(value) <= max;
}

/** The id of a row with an integer key, as written in a form or a path: "42" → 42. "0x10", " 5 ", "+5", "5." are refused. */
export const id = (message = "validation.invalid") =>
  z
    .string({ message })
    .refine((value) => isCanonicalId(value), { message, abort: true })
    .transform(Number);

/** The id of a row with a bigint key (ledger entries, SMS), as text: "42" → 42n. */
export const bigId = (message = "validation.invalid") =>
  z
    .string({ message })
    .refine((value) => isCanonicalId(value, MAX_INT8), { message, abort: true })
    .transform((value) => BigInt(value));

/**
 * A credit amount as typed in a form: text the domain parses exactly (lib/credits/amounts.ts parseCredits, which answers
 * the precise refusal: too precise, ambiguous, too large). Bounded so no one posts a megabyte of digits.
 */
export const creditsText = () => text().max(40, "validation.invalid");

/** A credit amount in a JSON body: a JSON number, never a string or a list ([100] is not 100). */
export const creditsNumber = (message = "validation.number") => z.number({ message });

/** A whole quantity in a JSON body: a JSON number (the domain refuses fractions and out-of-range values). */
export const quantityNumber = (message = "validation.number") => z.number({ message });

/** The one-time token a form carries to make its submission idempotent. */
export const formToken = () => text().min(8, "validation.invalid").max(100, "validation.invalid");

/** A service name (SMS account) as a form or path carries it. */
export const serviceName = (message = "validation.required") => text().min(1, message).max(100, "validation.invalid");
