import { creditsToNumber, type Credits } from "./credits";

/**
 * Turns a domain refusal ({ code, ...params }) into the key and values of its translated message: credit amounts
 * become numbers, which the message formats in the user's locale (`{x, number}`, or a plural that agrees the unit);
 * dates pass as dates (the message formats them: `{x, date, long}`); other values pass through. One place, used by server actions and the API.
 */
export function refusalMessage(
  namespace: string,
  refusal: { code: string } & Record<string, unknown>,
): { key: string; params: Record<string, string | number | Date> } {
  const params: Record<string, string | number | Date> = {};
  for (const [name, value] of Object.entries(refusal)) {
    if (name === "code") continue;
    if (typeof value === "bigint") params[name] = creditsToNumber(value as Credits);
    else if (typeof value === "string" || typeof value === "number" || value instanceof Date) params[name] = value;
  }
  return { key: `${namespace}.${refusal.code}`, params };
}

/** The form field a transfer refusal belongs to, so the message shows under it. */
export function transferRefusalField(code: string): string | undefined {
  if (code.startsWith("amount_") || code === "insufficient_credits") return "amount";
  if (code.startsWith("target_") || code === "same_account") return "target";
  if (code.startsWith("source_")) return "source";
  if (code === "reference_too_long") return "reference";
  return undefined;
}
