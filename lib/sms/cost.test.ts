import { describe, expect, it } from "vitest";
import { credits } from "../credits/amounts";
import { countryName, countryNames, priceRecipients, unratedByCountry } from "./cost";
import { parseRecipients, pricedDestination } from "./recipients";

// The rates of a subsidiary (a few destinations; Japan has none here).
const rates = new Map([
  ["GB", credits("1")],
  ["FR", credits("1.3")],
  ["FI", credits("1.1")],
]);

describe("parseRecipients prices a number by its calling code", () => {
  it.each([
    ["+447911123456", "GB"], // libphonenumber says GG (Guernsey)
    ["+447781123456", "GB"], // GG too
    ["+447797123456", "GB"], // JE (Jersey)
    ["+447624123456", "GB"], // IM (Isle of Man)
    ["+447400123456", "GB"],
    ["07911 123456", "GB"], // national, read in the United Kingdom
    ["+3581812345", "FI"], // AX (Åland)
    ["+33612345678", "FR"],
    ["+81312345678", "JP"],
  ])("%s → %s", (number, country) => {
    expect(parseRecipients(number, "GB")).toEqual({ valid: [{ e164: number.startsWith("+") ? number : "+447911123456", country }], invalid: [] });
  });

  it("keeps a country outside another's numbering plan as it is", () => {
    expect(["GB", "FR", "US", "CA", "JP"].map(pricedDestination)).toEqual(["GB", "FR", "US", "CA", "JP"]);
  });
});

describe("priceRecipients", () => {
  it("charges a Crown Dependency number as a United Kingdom SMS", () => {
    const priced = priceRecipients(parseRecipients("+447911123456, +447624123456", "GB"), rates, 2);
    expect(priced).toEqual({
      recipients: [
        { e164: "+447911123456", country: "GB", rate: credits("1"), cost: credits("2") },
        { e164: "+447624123456", country: "GB", rate: credits("1"), cost: credits("2") },
      ],
      invalid: [],
      unrated: [],
      total: credits("4"),
    });
  });

  it("lists a valid number without a rate apart from the invalid ones, with its country", () => {
    const priced = priceRecipients(parseRecipients("+81312345678\nnot-a-number\n+33612345678\n+81901234567", "GB"), rates, 1);
    expect(priced.invalid).toEqual(["not-a-number"]);
    expect(priced.unrated).toEqual([
      { e164: "+81312345678", country: "JP" },
      { e164: "+81901234567", country: "JP" },
    ]);
    expect(priced.total).toBe(credits("1.3"));
    expect(unratedByCountry(priced.unrated)).toEqual([{ country: "JP", numbers: ["+81312345678", "+81901234567"] }]);
  });
});

describe("countryName", () => {
  it.each([
    ["JP", "en", "Japan"],
    ["JP", "fr", "Japon"],
    ["JP", "es", "Japón"],
    ["JP", "it", "Giappone"],
    ["JP", "pl", "Japonia"],
  ])("%s in %s → %s", (country, locale, name) => {
    expect(countryName(country, locale)).toBe(name);
  });

  it("lists several", () => {
    expect(countryNames(["JP", "US"], "en")).toBe("Japan and United States");
  });
});
