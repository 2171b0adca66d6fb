import { describe, expect, it } from "vitest";
import { credits } from "../credits/amounts";
import { isRecreditOn, parseRecreditSettings, recreditConditions, recreditDue, recreditState } from "./rules";

const d = (iso: string) => new Date(iso);

describe("the 2-month rule (UTC calendar months, month ends clamped)", () => {
  it.each([
    ["2025-12-31T10:00:00Z", "2026-02-27T23:59:59Z", false, "2026-02-28"],
    ["2025-12-31T10:00:00Z", "2026-02-28T00:00:00Z", true, "2026-02-28"],
    ["2023-12-31T10:00:00Z", "2024-02-28T12:00:00Z", false, "2024-02-29"], // leap year
    ["2023-12-31T10:00:00Z", "2024-02-29T00:00:01Z", true, "2024-02-29"],
    ["2026-09-29T08:00:00Z", "2026-11-29T00:00:00Z", true, "2026-11-29"],
    ["2026-09-30T08:00:00Z", "2026-11-29T23:00:00Z", false, "2026-11-30"],
    ["2026-11-08T00:00:00Z", "2026-11-29T00:00:00Z", false, "2027-01-08"], // the demo's 3-week-old account
    // 00:30 in Paris on 1 October is 22:30 UTC on 30 September: the UTC day counts.
    ["2026-10-01T00:30:00+02:00", "2026-11-30T00:00:00Z", true, "2026-11-30"],
    ["2026-12-31T23:30:00-05:00", "2027-03-01T00:00:00Z", true, "2027-03-01"], // 1 Jan UTC + 2 months
  ] as const)("created %s, now %s → eligible %s (from %s)", (created, now, met, from) => {
    const c = recreditConditions({ createdAt: d(created), now: d(now), hasValidMandate: true });
    expect(c.age.met).toBe(met);
    expect(c.age.eligibleFrom.toISOString().slice(0, 10)).toBe(from);
    expect(c.met).toBe(met);
  });

  it("needs the mandate too", () => {
    const c = recreditConditions({ createdAt: d("2024-01-01T00:00:00Z"), now: d("2026-11-29T00:00:00Z"), hasValidMandate: false });
    expect(c).toMatchObject({ met: false, mandate: { met: false }, age: { met: true } });
  });
});

describe("parseRecreditSettings", () => {
  it.each([
    [{ threshold: "412", amount: "500" }, { ok: true, threshold: credits("412"), amount: 500 }],
    [{ threshold: "0", amount: "100" }, { ok: true, threshold: 0n, amount: 100 }],
    [{ threshold: "12.5", amount: "off" }, { ok: true, threshold: credits("12.5"), amount: null }],
    [{ threshold: 10, amount: null }, { ok: true, threshold: credits("10"), amount: null }],
    [{ threshold: "1,5", amount: 10000 }, { ok: true, threshold: credits("1.5"), amount: 10000 }],
    [{ threshold: "", amount: "500" }, { ok: false, code: "threshold_required" }],
    [{ threshold: "-1", amount: "500" }, { ok: false, code: "threshold_negative" }],
    [{ threshold: "1.0055", amount: "500" }, { ok: false, code: "threshold_too_precise" }],
    [{ threshold: "1,000", amount: "500" }, { ok: false, code: "threshold_ambiguous" }],
    [{ threshold: "ten", amount: "500" }, { ok: false, code: "threshold_invalid" }],
    [{ threshold: "10", amount: "300" }, { ok: false, code: "amount_invalid" }],
    [{ threshold: "10", amount: "500.0" }, { ok: false, code: "amount_invalid" }],
  ] as const)("%j", (raw, expected) => {
    expect(parseRecreditSettings(raw)).toEqual(expected);
  });
});

describe("recreditDue / isRecreditOn", () => {
  it.each([
    [null, "100", "50", false],
    [500, "100", "100", true],
    [500, "100", "99.99", true],
    [500, "100", "100.01", false],
    [500, "0", "0", true],
  ] as const)("amount %s, threshold %s, balance %s → due %s", (amount, threshold, balance, due) => {
    expect(recreditDue({ amount, threshold: credits(threshold) }, credits(balance))).toBe(due);
    expect(isRecreditOn({ recreditAmount: amount })).toBe(amount !== null);
  });
});

describe("recreditState: one rule for the SMS list, Home and Options", () => {
  it.each([
    [null, true, "off"],
    [null, false, "off"],
    [500, true, "on"],
    // Set, but nothing can pay it: suspended, not "On".
    [500, false, "suspended"],
  ] as const)("amount %s, valid mandate %s → %s", (amount, mandate, state) => {
    expect(recreditState({ recreditAmount: amount }, mandate)).toBe(state);
  });
});
