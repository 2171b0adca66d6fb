import { describe, expect, it } from "vitest";
import { credits } from "./amounts";
import { forecast } from "./forecast";
import type { Quote } from "../billing/pricing";

const today = new Date("2026-12-03T15:30:00Z");
const quote = { totalMinor: 3480n } as Quote;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("forecast", () => {
  it.each([
    // balance, consumed in 30 days, days left
    ["100", "0", null],
    ["0", "0", null],
    ["100", "30", 100], // 1 a day
    ["100", "31", 96], // 100 × 30 / 31 = 96.77 → 96
    ["0", "30", 0],
    ["0.5", "30", 0],
    ["1", "30", 1],
    ["1000", "0.01", 3_000_000],
    ["12.34", "12.34", 30],
  ])("balance %s, consumed %s → %s days", (balance, consumed, days) => {
    const f = forecast({ balance: credits(balance), consumed: credits(consumed), today, recredit: null });
    if (days === null) expect(f).toEqual({ consumption: "none" });
    else expect(f).toMatchObject({ consumption: "some", daysLeft: days, recredit: null });
  });

  it("gives the daily rate exactly, in hundredths (rounded down)", () => {
    expect(forecast({ balance: 0n, consumed: credits("30"), today, recredit: null })).toMatchObject({ dailyRate: credits("1") });
    expect(forecast({ balance: 0n, consumed: credits("10"), today, recredit: null })).toMatchObject({ dailyRate: credits("0.33") });
  });

  it.each([
    // balance, consumed, threshold, due, date
    ["100", "30", "90", "later", "2026-12-13"], // 10 credits above at 1 a day
    ["100", "30", "89.5", "later", "2026-12-14"], // 10.5 days → the 11th day
    ["100", "60", "90", "later", "2026-12-08"], // 2 a day
    ["90", "30", "90", "now", "2026-12-03"],
    ["50", "30", "90", "now", "2026-12-03"],
    ["100", "30", "0", "later", "2027-03-13"], // 100 days
  ])("re-credit: balance %s, consumed %s, threshold %s → %s on %s", (balance, consumed, threshold, due, date) => {
    const f = forecast({ balance: credits(balance), consumed: credits(consumed), today, recredit: { threshold: credits(threshold), amount: 500, quote } });
    expect(f).toMatchObject({ consumption: "some", recredit: { due, date: day(date), amount: 500, quote } });
  });

  it("with no consumption, no re-credit date is forecast", () => {
    expect(forecast({ balance: credits("10"), consumed: 0n, today, recredit: { threshold: credits("20"), amount: 100, quote: null } })).toEqual({ consumption: "none" });
  });
});
