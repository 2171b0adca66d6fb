import { describe, expect, it } from "vitest";
import { formatPhoneForPeople, parseRecipients, whyInvalid } from "./recipients";

describe("whyInvalid", () => {
  it.each([
    ["0712", "GB", "too_short"],
    ["+44 7400 1234567", "GB", "too_long"],
    ["+999 1234 5678", "GB", "unknown_country"],
    ["hello", "GB", "not_a_number"],
    ["+44 1000 000000", "GB", "not_valid"],
  ])("%s (home %s) → %s", (raw, home, reason) => {
    expect(parseRecipients(raw, home).invalid).toEqual([raw]);
    expect(whyInvalid(raw, home)).toBe(reason);
  });

  it("accepts a Crown dependency number as a valid UK SMS", () => {
    expect(parseRecipients("+44 7781 123456", "GB").valid).toEqual([{ e164: "+447781123456", country: "GB" }]);
  });
});

describe("formatPhoneForPeople", () => {
  it.each([
    ["+447700900123", "+44 7700 900123"],
    ["+33612345674", "+33 6 12 34 56 74"],
    ["not a number", "not a number"],
  ])("%s → %s", (e164, shown) => {
    expect(formatPhoneForPeople(e164)).toBe(shown);
  });
});
