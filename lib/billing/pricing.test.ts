import { describe, expect, it } from "vitest";
import { PRICE_TIERS } from "@/db/seed-data";
import { creditsPriceMinor, divRoundHalfUp, formatMoney, formatUnitPrice, parseUnitPrice, vatPercent } from "./money";
import { parseQuantity, quotePrice, type Tier } from "./pricing";

const tiers = (sub: string): Tier[] => PRICE_TIERS.filter((t) => t.subsidiary === sub);

describe("quotePrice (seeded UK tiers, 20 % VAT)", () => {
  it.each([
    // quantity, unit price, excl. VAT (pence), VAT, total
    [100, "0.06", 600n, 120n, 720n],
    [499, "0.06", 2994n, 599n, 3593n], // 598.8 → 599
    [500, "0.058", 2900n, 580n, 3480n],
    [999, "0.058", 5794n, 1159n, 6953n], // 57.942 → 57.94; VAT 11.588 → 11.59
    [1000, "0.055", 5500n, 1100n, 6600n],
    [5000, "0.05", 25000n, 5000n, 30000n],
    [10000, "0.045", 45000n, 9000n, 54000n],
    [50000, "0.04", 200000n, 40000n, 240000n],
    [100000, "0.035", 350000n, 70000n, 420000n],
    [1000000, "0.035", 3500000n, 700000n, 4200000n],
    [333, "0.06", 1998n, 400n, 2398n], // 19.98 exactly (not 19.979999 as floats would give)
  ] as const)("%i credits", (quantity, unit, excl, vat, total) => {
    const q = quotePrice(tiers("GB"), quantity, 2000)!;
    expect(q.unitPriceText).toBe(unit);
    expect([q.amountExclVatMinor, q.vatMinor, q.totalMinor]).toEqual([excl, vat, total]);
    expect(q.currency).toBe("GBP");
  });

  it("is degressive: a bigger pack never costs more per credit", () => {
    for (const sub of ["FR", "GB", "IE", "ES", "IT", "PL"]) {
      const prices = [100, 500, 1000, 5000, 10000, 50000, 100000].map((n) => quotePrice(tiers(sub), n, 2000)!.unitPrice);
      expect([...prices].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(prices);
    }
  });

  it("has no tier below the minimum", () => {
    expect(quotePrice(tiers("GB"), 99, 2000)).toBeNull();
  });

  it("rounds VAT half up on the exact amount", () => {
    // 0.07 × 150 = 10.50 EUR; 23 % = 2.415 → 2.42
    const q = quotePrice([{ minQuantity: 1, maxQuantity: null, unitPrice: "0.07", currency: "EUR" }], 150, 2300)!;
    expect([q.amountExclVatMinor, q.vatMinor, q.totalMinor]).toEqual([1050n, 242n, 1292n]);
  });
});

describe("parseQuantity", () => {
  it.each([
    ["100", { ok: true, value: 100 }],
    [" 1000000 ", { ok: true, value: 1000000 }],
    ["", { ok: false, error: "quantity_required" }],
    ["99", { ok: false, error: "quantity_too_small" }],
    ["1000001", { ok: false, error: "quantity_too_large" }],
    ["100.5", { ok: false, error: "quantity_not_integer" }],
    ["1e3", { ok: false, error: "quantity_not_integer" }],
    ["-200", { ok: false, error: "quantity_not_integer" }],
  ] as const)("%j", (raw, expected) => {
    expect(parseQuantity(raw)).toEqual(expected);
  });
});

describe("money", () => {
  it.each([
    ["0.06", 6000n],
    ["0.058", 5800n],
    ["1", 100000n],
    ["0.12345", 12345n],
    ["0.300", 30000n],
  ] as const)("parseUnitPrice(%s)", (text, value) => expect(parseUnitPrice(text)).toBe(value));

  it("refuses a unit price finer than 5 decimals", () => {
    expect(() => parseUnitPrice("0.123456")).toThrow(RangeError);
  });

  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [7n, 2n, 4n],
    [149n, 100n, 1n],
    [150n, 100n, 2n],
  ] as const)("divRoundHalfUp(%s, %s) = %s", (n, d, r) => expect(divRoundHalfUp(n, d)).toBe(r));

  it.each([
    [720n, "GBP", "en-GB", "£7.20"],
    [123456n, "EUR", "fr", "1 234,56 €"],
    [99n, "PLN", "pl", "0,99 zł"],
  ] as const)("formatMoney(%s %s, %s)", (minor, cur, locale, text) => {
    expect(formatMoney(minor, cur, locale).replace(/\u00a0|\u202f/g, " ")).toBe(text);
  });

  it.each([
    [2000, "20"],
    [2300, "23"],
    [2150, "21.5"],
    [0, "0"],
  ] as const)("vatPercent(%i) = %s", (bp, text) => expect(vatPercent(bp)).toBe(text));

  it.each([
    [6000n, 40n, 2n], // 0.4 credit at £0.06 = £0.024 → 2p
    [6000n, 100n, 6n], // 1 credit at £0.06 = 6p
    [5800n, 125n, 7n], // 1.25 × 0.058 = 0.0725 → 7p
    [30000n, 250n, 75n], // 2.5 × 0.30 PLN = 0.75
  ] as const)("creditsPriceMinor(%s, %s) = %s", (unit, credits, minor) => expect(creditsPriceMinor(unit, credits)).toBe(minor));

  it("formats unit prices with their decimals", () => {
    expect(formatUnitPrice(5800n, "GBP", "en-GB")).toBe("£0.058");
    expect(formatUnitPrice(6000n, "GBP", "en-GB")).toBe("£0.060"); // one format for one table: never "£0.06"
    expect(formatUnitPrice(4550n, "GBP", "en-GB")).toBe("£0.0455");
  });
});
