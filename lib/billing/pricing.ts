import { refusalTable } from "../refusals";
import { divRoundHalfUp, parseUnitPrice, UNIT_PRICE_DECIMALS, type Currency } from "./money";

/**
 * Prices of credit packs: degressive tiers per subsidiary (data in price_tiers), VAT of the subsidiary.
 * Pure and table-tested (the browser uses it too, for the live price); lib/billing/price-tiers.ts reads the tiers.
 */
export const PACK_SIZES = [100, 200, 250, 500, 1000, 5000, 10000, 50000, 100000] as const;
export const MIN_QUANTITY = 100;
export const MAX_QUANTITY = 1_000_000;

export type Tier = { minQuantity: number; maxQuantity: number | null; unitPrice: string; currency: Currency };

export type Quote = {
  quantity: number;
  currency: Currency;
  /** Price of one credit excluding VAT, in 1/100000 of the currency. */
  unitPrice: bigint;
  unitPriceText: string;
  amountExclVatMinor: bigint;
  vatBasisPoints: number;
  vatMinor: bigint;
  totalMinor: bigint;
  tier: Tier;
};

export type QuantityError = "quantity_required" | "quantity_not_integer" | "quantity_too_small" | "quantity_too_large";

export type QuantityRefusal = { code: QuantityError; min: number; max: number };

/** A quantity refusal with the limits its message names. */
export function quantityRefusal(error: QuantityError): QuantityRefusal {
  return { code: error, min: MIN_QUANTITY, max: MAX_QUANTITY };
}

export const QUANTITY_REFUSALS = refusalTable<QuantityRefusal>("buy", {
  quantity_required: { field: "quantity" },
  quantity_not_integer: { field: "quantity" },
  quantity_too_small: { field: "quantity" },
  quantity_too_large: { field: "quantity" },
});

export function parseQuantity(raw: string | number): { ok: true; value: number } | { ok: false; error: QuantityError } {
  const text = String(raw).trim();
  if (text === "") return { ok: false, error: "quantity_required" };
  if (!/^\d+$/.test(text)) return { ok: false, error: "quantity_not_integer" };
  const value = Number(text);
  if (value < MIN_QUANTITY) return { ok: false, error: "quantity_too_small" };
  if (value > MAX_QUANTITY) return { ok: false, error: "quantity_too_large" };
  return { ok: true, value };
}

/** The tier covering `quantity`, from tiers sorted or not; null if none does. */
export function tierFor(tiers: Tier[], quantity: number): Tier | null {
  return (
    tiers.find((t) => quantity >= t.minQuantity && (t.maxQuantity === null || quantity <= t.maxQuantity)) ?? null
  );
}

/** Price of `quantity` credits: exact unit price × quantity, rounded half up to the minor unit, then VAT on that. */
export function quotePrice(tiers: Tier[], quantity: number, vatBasisPoints: number): Quote | null {
  const tier = tierFor(tiers, quantity);
  if (!tier) return null;
  const unitPrice = parseUnitPrice(tier.unitPrice);
  // unit price has 5 decimals, minor units 2: divide by 10^3.
  const amountExclVatMinor = divRoundHalfUp(unitPrice * BigInt(quantity), 10n ** BigInt(UNIT_PRICE_DECIMALS - 2));
  const vatMinor = divRoundHalfUp(amountExclVatMinor * BigInt(vatBasisPoints), 10000n);
  return {
    quantity,
    currency: tier.currency,
    unitPrice,
    unitPriceText: tier.unitPrice,
    amountExclVatMinor,
    vatBasisPoints,
    vatMinor,
    totalMinor: amountExclVatMinor + vatMinor,
    tier,
  };
}
