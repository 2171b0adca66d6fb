import { describe, expect, it } from "vitest";
import { measureMessage, messageToSend } from "./encoding";

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
  ] as const)("%#: %s… → %s, %i units, %i parts", (message, encoding, units, parts) => {
    const m = measureMessage(message);
    expect([m.encoding, m.units, m.parts]).toEqual([encoding, units, parts]);
    expect(m.tooLong).toBe(false);
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
