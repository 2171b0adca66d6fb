import { describe, expect, it } from "vitest";
import { addCalendarMonthsUtc, calendarAge, utcDay } from "./calendar";

const d = (iso: string) => new Date(iso);
const day = (date: Date) => date.toISOString().slice(0, 10);

describe("addCalendarMonthsUtc", () => {
  it.each([
    ["2025-12-31T10:00:00Z", 2, "2026-02-28"],
    ["2023-12-31T10:00:00Z", 2, "2024-02-29"], // leap year
    ["2026-01-31T00:00:00Z", 1, "2026-02-28"],
    ["2026-08-31T23:59:59Z", 1, "2026-09-30"],
    ["2026-03-15T00:00:00Z", 2, "2026-05-15"],
    ["2026-11-30T12:00:00Z", 2, "2027-01-30"],
    // 23:30 in Paris on 31 Jan is 22:30 UTC the same day; 00:30 in Paris on 1 Mar is still 28 Feb in UTC.
    ["2026-02-28T23:30:00-01:00", 2, "2026-05-01"],
    ["2026-03-01T00:30:00+01:00", 2, "2026-04-28"],
  ] as const)("%s + %i months = %s", (from, months, expected) => {
    expect(day(addCalendarMonthsUtc(d(from), months))).toBe(expected);
  });
});

describe("calendarAge", () => {
  it.each([
    ["2025-09-29T08:00:00Z", "2026-11-29T07:00:00Z", { years: 1, months: 2, days: 0 }],
    ["2026-11-08T00:00:00Z", "2026-11-29T00:00:00Z", { years: 0, months: 0, days: 21 }],
    ["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", { years: 0, months: 1, days: 0 }],
    ["2026-01-31T00:00:00Z", "2026-02-27T00:00:00Z", { years: 0, months: 0, days: 27 }],
    ["2026-11-29T00:00:00Z", "2026-11-29T23:00:00Z", { years: 0, months: 0, days: 0 }],
    ["2026-12-01T00:00:00Z", "2026-11-29T00:00:00Z", { years: 0, months: 0, days: 0 }],
  ] as const)("%s → %s", (from, to, expected) => {
    expect(calendarAge(d(from), d(to))).toEqual(expected);
  });
});

it("utcDay ignores the server time zone", () => {
  expect(utcDay(d("2026-03-01T00:30:00+01:00")).toISOString()).toBe("2026-02-28T00:00:00.000Z");
});
