import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { destinationRates } from "@/db/schema";
import type { Credits } from "../credits/amounts";
import { creditsPriceMinor, type Currency } from "../billing/money";
import { listTiers } from "../billing/price-tiers";
import { MIN_QUANTITY, quotePrice } from "../billing/pricing";
import { SUBSIDIARY_INFO, type Subsidiary } from "../billing/subsidiaries";

/** Credits one SMS part costs to each destination, for customers of a subsidiary. */
export async function listRates(db: DbOrTx, subsidiary: Subsidiary): Promise<Array<{ countryCode: string; credits: Credits }>> {
  return db
    .select({ countryCode: destinationRates.countryCode, credits: destinationRates.credits })
    .from(destinationRates)
    .where(eq(destinationRates.subsidiary, subsidiary))
    .orderBy(asc(destinationRates.countryCode));
}

/** Matches a search against a country's code and its name in the user's language, ignoring case and accents. */
export function matchesCountry(query: string, countryCode: string, countryName: string): boolean {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().trim();
  const q = fold(query);
  return q === "" || fold(countryName).includes(q) || fold(countryCode) === q;
}

/**
 * What one SMS part to a destination costs in money: its credits at the unit price of the smallest quantity one can
 * buy (MIN_QUANTITY). Null when the destination has no rate or the subsidiary no price tier.
 */
export async function destinationPartPrice(
  db: DbOrTx,
  subsidiary: Subsidiary,
  countryCode: string,
): Promise<{ credits: Credits; priceMinor: bigint; currency: Currency } | null> {
  const rate = (await listRates(db, subsidiary)).find((r) => r.countryCode === countryCode);
  if (!rate) return null;
  const quote = quotePrice(await listTiers(db, subsidiary), MIN_QUANTITY, SUBSIDIARY_INFO[subsidiary].vatBasisPoints);
  if (!quote) return null;
  return { credits: rate.credits, priceMinor: creditsPriceMinor(quote.unitPrice, rate.credits), currency: quote.currency };
}
