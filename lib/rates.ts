import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { destinationRates } from "@/db/schema";
import type { Credits } from "./credits";
import type { Subsidiary } from "./subsidiaries";

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
