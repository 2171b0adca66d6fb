import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js";

/**
 * Recipients as a person types them (national or international, with spaces, dots or dashes), normalised to
 * E.164 with libphonenumber-js. National numbers are read in the customer's home country. Invalid ones are
 * reported, never sent; duplicates are sent once.
 *
 * Each valid number carries the destination it is priced as, which is the country of its calling code, as
 * OVHcloud prices: a territory inside another country's numbering plan is that country's SMS (a +44 number of
 * Guernsey, Jersey or the Isle of Man is a United Kingdom SMS, though libphonenumber names it GG, JE or IM).
 */
export type ParsedRecipients = {
  valid: Array<{ e164: string; country: string }>;
  invalid: string[];
};

/** Territories that share a calling code and numbering plan with a country, priced as that country. */
const PRICED_AS: Readonly<Record<string, string>> = {
  GG: "GB", // Guernsey, +44 1481 / 7781…
  JE: "GB", // Jersey, +44 1534 / 7797…
  IM: "GB", // Isle of Man, +44 1624 / 7624…
  AX: "FI", // Åland, +358 18
  VA: "IT", // Vatican City, +39 06 698
  SJ: "NO", // Svalbard and Jan Mayen, +47 79
};

/** The destination a number of this country (ISO 3166 code from libphonenumber) is priced as. */
export function pricedDestination(country: string): string {
  return PRICED_AS[country] ?? country;
}

export function parseRecipients(raw: string | string[], homeCountry: string): ParsedRecipients {
  const items = (Array.isArray(raw) ? raw : raw.split(/[\n,;]+/)).map((s) => s.trim()).filter(Boolean);
  const valid = new Map<string, string>();
  const invalid: string[] = [];
  for (const item of items) {
    const phone = parsePhoneNumberFromString(item, homeCountry as CountryCode);
    if (phone && phone.isValid() && phone.country) valid.set(phone.number, pricedDestination(phone.country));
    else invalid.push(item);
  }
  return { valid: [...valid].map(([e164, country]) => ({ e164, country })), invalid };
}

/**
 * A stored E.164 number as a person reads it, grouped: "+447700900123" → "+44 7700 900123". Exports and the API keep
 * E.164; a number libphonenumber cannot parse is shown as stored.
 */
export function formatPhoneForPeople(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** Why a recipient is refused, for the message next to it. */
export type InvalidReason = "not_a_number" | "unknown_country" | "too_short" | "too_long" | "not_valid";

/** The reason a number parseRecipients refused is not valid (read as it did: national numbers in the home country). */
export function whyInvalid(raw: string, homeCountry: string): InvalidReason {
  switch (validatePhoneNumberLength(raw, homeCountry as CountryCode)) {
    case "NOT_A_NUMBER":
      return "not_a_number";
    case "INVALID_COUNTRY":
      return "unknown_country";
    case "TOO_SHORT":
      return "too_short";
    case "TOO_LONG":
      return "too_long";
    default:
      return "not_valid"; // the right length, but no such number is assigned in its country's numbering plan
  }
}
