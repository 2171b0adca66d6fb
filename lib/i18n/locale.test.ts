import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale";

describe("negotiateLocale", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["fr-CH, fr;q=0.9, en;q=0.8", "fr"],
    ["de-DE,de;q=0.9,pl;q=0.5", "pl"],
    ["en-GB;q=0.5, it;q=0.9", "it"],
    ["es;q=0, en;q=0.1", "en"],
    ["ja", "en"],
    ["PL", "pl"],
  ] as const)("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
