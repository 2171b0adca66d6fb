import type { Credits } from "../credits";
import type { ParsedRecipients } from "./recipients";

/**
 * The cost of a send: each valid recipient costs its destination's rate × the message's parts. A recipient whose
 * destination has no rate cannot be sent to and joins the invalid ones. Pure: the Send SMS form shows the same
 * figures the server then charges (lib/sms/send.ts).
 */
export type PricedRecipients = {
  recipients: Array<{ e164: string; country: string; rate: Credits; cost: Credits }>;
  invalid: string[];
  total: Credits;
};

export function priceRecipients(parsed: ParsedRecipients, rates: ReadonlyMap<string, Credits>, parts: number): PricedRecipients {
  const invalid = [...parsed.invalid];
  const recipients: PricedRecipients["recipients"] = [];
  for (const r of parsed.valid) {
    const rate = rates.get(r.country);
    if (rate === undefined) invalid.push(r.e164);
    else recipients.push({ ...r, rate, cost: rate * BigInt(parts) });
  }
  return { recipients, invalid, total: recipients.reduce((sum, r) => sum + r.cost, 0n) };
}
