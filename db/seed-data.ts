import type { Subsidiary } from "@/lib/billing/subsidiaries";

/**
 * Reference prices, seeded into price_tiers and destination_rates (editable data, not constants the code reads).
 * Unit prices are per credit, excluding VAT, in the subsidiary's currency.
 */
const TIER_BOUNDS: Array<[number, number | null]> = [
  [100, 499],
  [500, 999],
  [1000, 4999],
  [5000, 9999],
  [10000, 49999],
  [50000, 99999],
  [100000, null],
];

const TIER_PRICES: Record<Subsidiary, string[]> = {
  GB: ["0.06", "0.058", "0.055", "0.05", "0.045", "0.04", "0.035"],
  FR: ["0.07", "0.068", "0.065", "0.059", "0.053", "0.047", "0.041"],
  IE: ["0.072", "0.07", "0.066", "0.06", "0.054", "0.048", "0.042"],
  ES: ["0.07", "0.068", "0.065", "0.059", "0.053", "0.047", "0.041"],
  IT: ["0.071", "0.069", "0.066", "0.06", "0.054", "0.048", "0.042"],
  PL: ["0.3", "0.29", "0.275", "0.25", "0.225", "0.2", "0.175"],
};

export const PRICE_TIERS = (Object.keys(TIER_PRICES) as Subsidiary[]).flatMap((subsidiary) =>
  TIER_BOUNDS.map(([minQuantity, maxQuantity], i) => ({
    subsidiary,
    minQuantity,
    maxQuantity,
    unitPrice: TIER_PRICES[subsidiary][i]!,
    currency: subsidiary === "GB" ? ("GBP" as const) : subsidiary === "PL" ? ("PLN" as const) : ("EUR" as const),
  })),
);

/** Credits per SMS part by destination, before the subsidiary's home destination is set to exactly 1. */
const BASE_RATES: Record<string, string> = {
  GB: "1.1", FR: "1.3", IE: "1.2", ES: "1.2", IT: "1.3", PL: "0.7", DE: "1.4", BE: "1.5", NL: "1.4", LU: "1.2",
  PT: "0.8", CH: "1.1", AT: "1.6", DK: "0.9", SE: "0.9", NO: "1", FI: "1.1", CZ: "0.8", GR: "1.2", RO: "1.1",
  HU: "1.2", US: "0.5", CA: "0.5", MX: "0.9", BR: "0.8", AR: "0.9", IN: "0.4", CN: "0.6", JP: "1.1", AU: "0.9",
  NZ: "1", ZA: "0.7", MA: "1.8", DZ: "2.2", TN: "2.5", SN: "1.9", CI: "2.1", CM: "2", TR: "0.6", AE: "0.8",
  IL: "0.9", SG: "0.7", HK: "0.8", RU: "1.9", UA: "1.5",
};

export const DESTINATION_RATES = (Object.keys(TIER_PRICES) as Subsidiary[]).flatMap((subsidiary) =>
  Object.entries(BASE_RATES).map(([countryCode, credits]) => ({
    subsidiary,
    countryCode,
    credits: countryCode === subsidiary ? "1" : credits,
  })),
);

/**
 * The demo's "Spring campaign" send of sms-ab12345-1: one message of one part to 50 British, 5 Irish and 5 French
 * numbers, at the GB rates above (1, 1.2 and 1.3 credits): 50 + 6 + 6.5 = 62.5 credits, the ledger's debit.
 */
export const SPRING_CAMPAIGN = {
  sender: "Acme",
  message: "Spring sale: 20% off all plans until Sunday. Reply STOP to opt out.",
  recipients: [
    ...Array.from({ length: 50 }, (_, i) => ({ receiver: `+4474009000${String(i).padStart(2, "0")}`, credits: "1" })),
    ...Array.from({ length: 5 }, (_, i) => ({ receiver: `+35385123456${i}`, credits: "1.2" })),
    ...Array.from({ length: 5 }, (_, i) => ({ receiver: `+3361234567${i}`, credits: "1.3" })),
  ],
};

/**
 * The selling entity of each subsidiary, printed as the seller block of its invoices. Demo values (fictitious
 * companies, VAT numbers in each country's format): an operator replaces them with its own entities' details.
 */
export const SELLERS: Array<{
  subsidiary: Subsidiary;
  legalName: string;
  address: string;
  vatNumber: string;
  registration: string;
  invoicePrefix: string;
}> = [
  { subsidiary: "GB", legalName: "SMS Credits UK Ltd", address: "10 Example Street\nLondon EC1A 1BB\nUnited Kingdom", vatNumber: "GB123456789", registration: "Company No. 01234567", invoicePrefix: "GB" },
  { subsidiary: "FR", legalName: "SMS Credits France SAS", address: "2 rue de l’Exemple\n59100 Roubaix\nFrance", vatNumber: "FR12345678901", registration: "RCS Lille Métropole 123 456 789", invoicePrefix: "FR" },
  { subsidiary: "IE", legalName: "SMS Credits Ireland Limited", address: "3 Sample Quay\nDublin D02 X285\nIreland", vatNumber: "IE1234567T", registration: "CRO 123456", invoicePrefix: "IE" },
  { subsidiary: "ES", legalName: "SMS Credits España S.L.", address: "Calle Ejemplo 4\n28001 Madrid\nEspaña", vatNumber: "ESB12345678", registration: "Registro Mercantil de Madrid, Hoja M-123456", invoicePrefix: "ES" },
  { subsidiary: "IT", legalName: "SMS Credits Italia S.r.l.", address: "Via Esempio 5\n20121 Milano MI\nItalia", vatNumber: "IT12345678901", registration: "REA MI-1234567", invoicePrefix: "IT" },
  { subsidiary: "PL", legalName: "SMS Credits Polska Sp. z o.o.", address: "ul. Przykładowa 6\n00-001 Warszawa\nPolska", vatNumber: "PL1234567890", registration: "KRS 0000123456", invoicePrefix: "PL" },
];
