import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { measureMessage, messageToSend } from "./encoding";

const a = (n: number) => "a".repeat(n);
const e = (n: number) => "ê".repeat(n); // in no GSM table: UCS-2, one unit
const emoji = (n: number) => "😀".repeat(n); // UCS-2, a surrogate pair: two units

describe("measureMessage", () => {
  it.each([
    ["", "7bits", 0, 1],
    ["a".repeat(160), "7bits", 160, 1],
    ["a".repeat(161), "7bits", 161, 2],
    ["a".repeat(306), "7bits", 306, 2],
    ["a".repeat(307), "7bits", 307, 3],
    ["€".repeat(80), "7bits", 160, 1], // extension characters count twice
    ["€".repeat(80) + "a", "7bits", 161, 2],
    ["[]{}|^~\\", "7bits", 16, 1],
    ["é".repeat(160), "7bits", 160, 1], // é is in the basic table
    ["ê", "unicode", 1, 1], // ê is not
    ["ê".repeat(70), "unicode", 70, 1],
    ["ê".repeat(71), "unicode", 71, 2],
    ["ê".repeat(134), "unicode", 134, 2],
    ["ê".repeat(135), "unicode", 135, 3],
    ["😀", "unicode", 2, 1], // an emoji is two UCS-2 units
    ["😀".repeat(35), "unicode", 70, 1],
    ["😀".repeat(35) + "a", "unicode", 71, 2],
    ["a".repeat(153 * 255), "7bits", 153 * 255, 255],
  ] as const)("%# → %s, %i units, %i parts", (message, encoding, units, parts) => {
    const m = measureMessage(message);
    expect([m.encoding, m.units, m.parts]).toEqual([encoding, units, parts]);
    expect(m.tooLong).toBe(false);
  });

  // Where each part ends: an escape pair (€ takes ESC + e) or a surrogate pair that would straddle a boundary
  // starts the next part, as carriers split, so the part before it holds one unit less.
  it.each([
    // 7-bit, single part: 160 septets, an escape pair may end exactly at 160
    [a(159) + "€", "7bits", 161, [153, 7]],
    [a(158) + "€", "7bits", 160, [159]],
    // 7-bit, multipart: 153 per part
    [a(152) + "€" + a(152), "7bits", 306, [152, 152, 1]],
    [a(151) + "€" + a(152), "7bits", 305, [152, 152]],
    [a(152) + "€", "7bits", 154, [153]],
    [a(151) + "€" + a(7), "7bits", 160, [159]],
    [a(151) + "€" + a(8), "7bits", 161, [152, 8]],
    [a(153) + a(152) + "€", "7bits", 307, [153, 152, 1]],
    [a(153) + a(151) + "€", "7bits", 306, [153, 152]],
    ["€".repeat(77), "7bits", 154, [77]],
    ["€".repeat(81), "7bits", 162, [76, 5]],
    ["€".repeat(153), "7bits", 306, [76, 76, 1]],
    ["[]{}|^~\\".repeat(20) + "a", "7bits", 321, [76, 76, 9]],
    // UCS-2, single part: 70 units
    [emoji(35), "unicode", 70, [35]],
    [e(69) + "😀", "unicode", 71, [67, 3]],
    [e(68) + "😀", "unicode", 70, [69]],
    // UCS-2, multipart: 67 per part
    [emoji(36), "unicode", 72, [33, 3]],
    [emoji(67), "unicode", 134, [33, 33, 1]],
    [emoji(66), "unicode", 132, [33, 33]],
    [e(66) + "😀" + e(66), "unicode", 134, [66, 66, 1]],
    [e(65) + "😀" + e(66), "unicode", 133, [66, 66]],
    [e(67) + e(66) + "😀", "unicode", 135, [67, 66, 1]],
    [e(134) + "😀", "unicode", 136, [67, 67, 1]],
  ] as const)("boundary %#: %s, %i units, characters per part %j", (message, encoding, units, characters) => {
    const m = measureMessage(message);
    expect([m.encoding, m.units]).toEqual([encoding, units]);
    expect(m.segments.map((s) => s.characters)).toEqual(characters);
    expect(m.parts).toBe(characters.length);
    const limit = m.parts === 1 ? (encoding === "7bits" ? 160 : 70) : encoding === "7bits" ? 153 : 67;
    for (const s of m.segments) expect(s.units).toBeLessThanOrEqual(limit);
    expect(m.segments.reduce((sum, s) => sum + s.units, 0)).toBe(units);
  });

  it("counts 255 parts at most, also when pairs push characters into the next part", () => {
    expect(measureMessage("€".repeat(76 * 255))).toMatchObject({ parts: 255, tooLong: false });
    expect(measureMessage("€".repeat(76 * 255 + 1))).toMatchObject({ parts: 256, tooLong: true });
    expect(measureMessage(emoji(33 * 255))).toMatchObject({ parts: 255, tooLong: false });
    expect(measureMessage(emoji(33 * 255 + 1))).toMatchObject({ parts: 256, tooLong: true });
  });

  it("tells the units left in the last part, after a pair moved to it", () => {
    expect(measureMessage(a(152) + "€" + a(152))).toMatchObject({ parts: 3, perPart: 153, remainingInPart: 152 });
    expect(measureMessage(emoji(67))).toMatchObject({ perPart: 67, remainingInPart: 65 });
  });

  // Cross-check against a maintained segmenter (Twilio's sms-segments-calculator) on random messages built from
  // basic, extension, non-GSM BMP and astral characters around the boundaries (no combining sequences, which that
  // library keeps whole as graphemes while carriers do not).
  it("agrees with sms-segments-calculator on random messages", () => {
    let seed = 13;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const gsm = ["a", "é", "€", "[", "~", " "];
    const ucs = [...gsm, "ê", "😀", "ł", "🎉"];
    for (let i = 0; i < 400; i++) {
      const alphabet = i % 2 ? gsm : ucs;
      const length = 60 + Math.floor(random() * 300);
      let message = "";
      for (let j = 0; j < length; j++) message += alphabet[Math.floor(random() * alphabet.length)];
      const ours = measureMessage(message);
      const theirs = new SegmentedMessage(message);
      expect([ours.encoding, ours.parts], message).toEqual([theirs.encodingName === "GSM-7" ? "7bits" : "unicode", theirs.segmentsCount]);
    }
  });

  it("refuses more than 255 parts", () => {
    expect(measureMessage("a".repeat(153 * 255 + 1))).toMatchObject({ parts: 256, tooLong: true });
  });

  it("tells the characters left in the part", () => {
    expect(measureMessage("hello")).toMatchObject({ remainingInPart: 155, perPart: 160 });
    expect(measureMessage("a".repeat(200))).toMatchObject({ remainingInPart: 106, perPart: 153 });
    expect(measureMessage("😀")).toMatchObject({ characters: 1, remainingInPart: 68 });
  });
});

describe("messageToSend", () => {
  it("adds the STOP clause in France unless the sender opts out", () => {
    expect(messageToSend("Promo", { subsidiary: "FR", noStopClause: false })).toBe("Promo\nSTOP 36180");
    expect(messageToSend("Code 1234", { subsidiary: "FR", noStopClause: true })).toBe("Code 1234");
    expect(messageToSend("Promo", { subsidiary: "GB", noStopClause: false })).toBe("Promo");
    expect(measureMessage(messageToSend("a".repeat(149), { subsidiary: "FR", noStopClause: false })).parts).toBe(1);
    expect(measureMessage(messageToSend("a".repeat(150), { subsidiary: "FR", noStopClause: false })).parts).toBe(2);
  });
});
