import { describe, expect, it } from "vitest";
import { capAllows, capMonth, parseMonthlyCap } from "./cap";

describe("parseMonthlyCap", () => {
  it.each([
    ["", { ok: true, capMinor: null }],
    ["  ", { ok: true, capMinor: null }],
    ["150", { ok: true, capMinor: 15000n }],
    ["150.5", { ok: true, capMinor: 15050n }],
    ["150,50", { ok: true, capMinor: 15050n }],
    ["0.01", { ok: true, capMinor: 1n }],
    ["99.990", { ok: true, capMinor: 9999n }],
    ["10000000", { ok: true, capMinor: 1_000_000_000n }],
    ["10000000.01", { ok: false, code: "cap_too_large" }],
    ["0", { ok: false, code: "cap_not_positive" }],
    ["0.00", { ok: false, code: "cap_not_positive" }],
    ["-5", { ok: false, code: "cap_not_positive" }],
    ["1.005", { ok: false, code: "cap_too_precise" }],
    ["1 000", { ok: false, code: "cap_invalid" }],
    ["1e3", { ok: false, code: "cap_invalid" }],
    ["£10", { ok: false, code: "cap_invalid" }],
  ])("%j", (raw, expected) => {
    expect(parseMonthlyCap(raw)).toEqual(expected);
  });
});

describe("capAllows", () => {
  it.each([
    [null, 999_999n, 1n, true],
    [5000n, 0n, 3480n, true],
    [5000n, 1520n, 3480n, true], // exactly the cap
    [5000n, 1521n, 3480n, false],
    [3480n, 3480n, 3480n, false],
    [3479n, 0n, 3480n, false],
  ])("cap %s, spent %s, charge %s → %s", (cap, spent, charge, allowed) => {
    expect(capAllows(cap, spent, charge)).toBe(allowed);
  });
});

describe("capMonth", () => {
  it.each([
    ["2026-12-03T12:00:00Z", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["2026-02-28T23:59:59.999Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"],
    ["2027-01-01T00:00:00Z", "2027-01-01T00:00:00.000Z", "2027-02-01T00:00:00.000Z"],
  ])("%s is in [%s, %s)", (now, start, end) => {
    const month = capMonth(new Date(now));
    expect([month.start.toISOString(), month.end.toISOString()]).toEqual([start, end]);
  });
});
