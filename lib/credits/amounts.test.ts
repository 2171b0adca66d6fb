import { describe, expect, it } from "vitest";
import { credits, creditsToDb, creditsToNumber, creditsToString, formatCredits, parseCredits } from "./amounts";

describe("parseCredits", () => {
  it.each([
    ["412.5", 41250n],
    ["412,5", 41250n],
    ["  1000 ", 100000n],
    ["0", 0n],
    ["0.4", 40n],
    [".4", 40n],
    ["12.", 1200n],
    ["12.50", 1250n],
    ["12.500000", 1250n],
    ["-3", -300n],
    ["+7.25", 725n],
    ["999999999999.99", 99999999999999n],
    [0.1, 10n],
    [412.5, 41250n],
    [12, 1200n],
    ["1 000", 100000n],
    ["1\u202f234,5", 123450n],
    ["12 345.67", 1234567n],
  ] as const)("reads %j exactly", (input, expected) => {
    expect(parseCredits(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "invalid"],
    ["1e3", "invalid"],
    ["1,000.5", "invalid"],
    ["1 00", "invalid"],
    ["1 0000", "invalid"],
    ["--1", "invalid"],
    [".", "invalid"],
    ["0x10", "invalid"],
    ["1,000", "ambiguous"],
    ["1.000", "ambiguous"],
    ["12,500", "ambiguous"],
    ["999.250", "ambiguous"],
    ["0.125", "too_precise"],
    ["12.3456", "too_precise"],
    ["0.001", "too_precise"],
    ["1000000000000", "too_large"],
    [Number.NaN, "invalid"],
    [Number.POSITIVE_INFINITY, "invalid"],
    [1e21, "invalid"],
    [0.125, "too_precise"],
    [1.125, "too_precise"],
  ] as const)("refuses %j as %s", (input, error) => {
    expect(parseCredits(input)).toEqual({ ok: false, error });
  });
});

describe("conversions", () => {
  it.each([
    [41250n, "412.5", "412.50", 412.5],
    [100n, "1", "1.00", 1],
    [0n, "0", "0.00", 0],
    [5n, "0.05", "0.05", 0.05],
    [-5n, "-0.05", "-0.05", -0.05],
    [99999999999999n, "999999999999.99", "999999999999.99", 999999999999.99],
  ] as const)("%s ↔ %s / %s / %s", (value, text, db, num) => {
    expect(creditsToString(value)).toBe(text);
    expect(creditsToDb(value)).toBe(db);
    expect(creditsToNumber(value)).toBe(num);
    expect(credits(db)).toBe(value);
  });

  it("sums without floating-point drift", () => {
    // 0.1 + 0.2 !== 0.3 in floating point; in hundredths it is exact.
    expect(creditsToString(credits("0.1") + credits("0.2"))).toBe("0.3");
  });

  it("throws on malformed trusted input", () => {
    expect(() => credits("1.234")).toThrow(RangeError);
  });
});

describe("formatCredits", () => {
  it.each([
    ["en", 41250n, "412.5"],
    ["fr", 41250n, "412,5"],
    ["en", 123456789n, "1,234,567.89"],
    ["pl", 123456789n, "1 234 567,89"],
    ["en", 99999999999999n, "999,999,999,999.99"],
  ] as const)("%s %s → %s", (locale, value, expected) => {
    expect(formatCredits(value, locale).replace(/\u00a0|\u202f/g, " ")).toBe(expected);
  });
});
