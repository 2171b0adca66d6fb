import type { Credits } from "../credits/amounts";
import type { ParsedRecipients } from "./recipients";

/**
 * The cost of a send: each valid recipient costs its destination's rate × the message's parts. A valid number whose
 * destination has no rate cannot be sent to: it is listed apart (unrated), with its country, so the user reads
 * "no rate for <country>" rather than "not valid". Pure: the Send SMS form shows the same figures the server then
 * charges (lib/sms/send.ts).
 */
export type PricedRecipients = {
  recipients: Array<{ e164: string; country: string; rate: Credits; cost: Credits }>;
  /** Numbers that are not valid phone numbers. */
  invalid: string[];
  /** Valid numbers of a destination without a rate for the subsidiary. */
  unrated: Array<{ e164: string; country: string }>;
  total: Credits;
};

export function priceRecipients(parsed: ParsedRecipients, rates: ReadonlyMap<string, Credits>, parts: number): PricedRecipients {
  const unrated: PricedRecipients["unrated"] = [];
  const recipients: PricedRecipients["recipients"] = [];
  for (const r of parsed.valid) {
    const rate = rates.get(r.country);
    if (rate === undefined) unrated.push(r);
    else recipients.push({ ...r, rate, cost: rate * BigInt(parts) });
  }
  return { recipients, invalid: [...parsed.invalid], unrated, total: recipients.reduce((sum, r) => sum + r.cost, 0n) };
}

/** Unrated numbers grouped by country, in the order they came: one "no rate for <country>" line each. */
export function unratedByCountry(unrated: PricedRecipients["unrated"]): Array<{ country: string; numbers: string[] }> {
  const groups = new Map<string, string[]>();
  for (const r of unrated) groups.set(r.country, [...(groups.get(r.country) ?? []), r.e164]);
  return [...groups].map(([country, numbers]) => ({ country, numbers }));
}

/** A country's name in the reader's language (Intl.DisplayNames), its ISO code when the runtime has no name. */
export function countryName(country: string, locale: string): string {
  return new Intl.DisplayNames([locale], { type: "region" }).of(country) ?? country;
}

/** Countries' names as a list in the reader's language ("Guernsey and Japan"). */
export function countryNames(countries: readonly string[], locale: string): string {
  return new Intl.ListFormat([locale], { type: "conjunction" }).format(countries.map((c) => countryName(c, locale)));
}
