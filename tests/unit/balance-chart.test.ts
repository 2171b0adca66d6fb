import { describe, expect, it } from "vitest";
import { stepLine } from "@/components/balance-chart";

describe("stepLine (the Home chart's path)", () => {
  it("draws a step only where the value changes", () => {
    // 5 points from x=0 to x=100: steps at x=50 (10 → 20) and x=75 (20 → 5), flat to the end.
    expect(stepLine([10, 10, 20, 5, 5], 0, 100)).toBe("M0,10H50V20H75V5H100");
  });

  it("ends on the last step when the last point changes the value", () => {
    expect(stepLine([10, 10, 30], 8, 592)).toBe("M8,10H592V30");
  });

  it("is one segment for an unchanged month, whatever the number of days", () => {
    expect(stepLine(Array.from({ length: 30 }, () => 42), 8, 592)).toBe("M8,42H592");
  });

  it("rounds coordinates to a tenth of a pixel", () => {
    // 30 points over 584 px: a step every 20.137931… px.
    const ys = Array.from({ length: 30 }, (_, i) => (i < 8 ? 10 : 23.456));
    expect(stepLine(ys, 8, 592)).toBe("M8,10H169.1V23.5H592");
  });

  it("is a single point for one day and nothing for none", () => {
    expect(stepLine([7], 8, 592)).toBe("M8,7");
    expect(stepLine([], 8, 592)).toBe("");
  });
});
