/**
 * The countries where the service is sold. The subsidiary of a customer account fixes its currency, VAT rate,
 * the home destination (one SMS there costs exactly 1 credit) and the default language of its users.
 */
import { SUBSIDIARIES } from "@/db/enums";
import type { Currency } from "./money";

export { SUBSIDIARIES };
export type Subsidiary = (typeof SUBSIDIARIES)[number];

export const LOCALES = ["en", "fr", "es", "it", "pl"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export type SubsidiaryInfo = {
  currency: Currency;
  /** VAT rate in basis points (20 % = 2000), exact. */
  vatBasisPoints: number;
  /** ISO 3166-1 alpha-2 of the destination that costs exactly one credit. */
  homeDestination: string;
  defaultLocale: Locale;
};

export const SUBSIDIARY_INFO: Record<Subsidiary, SubsidiaryInfo> = {
  FR: { currency: "EUR", vatBasisPoints: 2000, homeDestination: "FR", defaultLocale: "fr" },
  GB: { currency: "GBP", vatBasisPoints: 2000, homeDestination: "GB", defaultLocale: "en" },
  IE: { currency: "EUR", vatBasisPoints: 2300, homeDestination: "IE", defaultLocale: "en" },
  ES: { currency: "EUR", vatBasisPoints: 2100, homeDestination: "ES", defaultLocale: "es" },
  IT: { currency: "EUR", vatBasisPoints: 2200, homeDestination: "IT", defaultLocale: "it" },
  PL: { currency: "PLN", vatBasisPoints: 2300, homeDestination: "PL", defaultLocale: "pl" },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isSubsidiary(value: unknown): value is Subsidiary {
  return typeof value === "string" && (SUBSIDIARIES as readonly string[]).includes(value);
}
