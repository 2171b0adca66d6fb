import type { Credits } from "../credits/amounts";
import { SUBSIDIARY_INFO, type Subsidiary } from "../billing/subsidiaries";
import { priceRecipients, type PricedRecipients } from "./cost";
import { measureMessage, messageToSend, type Coding, type MessageMeasure } from "./encoding";
import { parseRecipients } from "./recipients";

/**
 * What a send would cost before it is sent: the message as carriers get it (with the STOP clause), its parts, and
 * each recipient priced at the subsidiary's rates (valid numbers without a rate listed apart). Pure: the Send SMS
 * form shows these figures as the user types, and lib/sms/send.ts charges the very same ones.
 */
export type Estimate = {
  text: string;
  measure: MessageMeasure;
  recipients: PricedRecipients["recipients"];
  invalid: string[];
  unrated: PricedRecipients["unrated"];
  total: Credits;
};

export function estimateSend(
  rates: ReadonlyMap<string, Credits>,
  input: { subsidiary: Subsidiary; message: string; receivers: string | string[]; noStopClause: boolean; coding?: Coding },
): Estimate {
  const text = messageToSend(input.message, { subsidiary: input.subsidiary, noStopClause: input.noStopClause });
  const measure = measureMessage(text, { coding: input.coding });
  const parsed = parseRecipients(input.receivers, SUBSIDIARY_INFO[input.subsidiary].homeDestination);
  return { text, measure, ...priceRecipients(parsed, rates, measure.parts) };
}

/** The estimate's lines by destination, in the order recipients came: recipients, rate per part and cost. */
export function costByCountry(estimate: Estimate): Array<{ country: string; count: number; rate: Credits; cost: Credits }> {
  const lines = new Map<string, { country: string; count: number; rate: Credits; cost: Credits }>();
  for (const r of estimate.recipients) {
    const line = lines.get(r.country) ?? { country: r.country, count: 0, rate: r.rate, cost: 0n };
    line.count++;
    line.cost += r.cost;
    lines.set(r.country, line);
  }
  return [...lines.values()];
}
