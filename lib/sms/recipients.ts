import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * Recipients as a person types them (national or international, with spaces, dots or dashes), normalised to
 * E.164 with libphonenumber-js. National numbers are read in the customer's home country. Invalid ones are
 * reported, never sent; duplicates are sent once.
 */
export type ParsedRecipients = {
  valid: Array<{ e164: string; country: string }>;
  invalid: string[];
};

export function parseRecipients(raw: string | string[], homeCountry: string): ParsedRecipients {
  const items = (Array.isArray(raw) ? raw : raw.split(/[\n,;]+/)).map((s) => s.trim()).filter(Boolean);
  const valid = new Map<string, string>();
  const invalid: string[] = [];
  for (const item of items) {
    const phone = parsePhoneNumberFromString(item, homeCountry as CountryCode);
    if (phone && phone.isValid() && phone.country) valid.set(phone.number, phone.country);
    else invalid.push(item);
  }
  return { valid: [...valid].map(([e164, country]) => ({ e164, country })), invalid };
}
