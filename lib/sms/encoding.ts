/**
 * SMS encoding and parts. GSM 03.38 7-bit when every character is in the basic or extension table (extension
 * characters take 2 septets), else UCS-2 (UTF-16 code units: an emoji outside the BMP takes 2). One part holds 160
 * septets or 70 UCS-2 units; a longer message is split into parts of 153 or 67 (the rest is the concatenation
 * header). A part never splits an escape pair (2 septets) or a surrogate pair (2 UCS-2 units): such a character that
 * would straddle a boundary starts the next part, as carriers split. At most 255 parts.
 */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";
const basic = new Set(Array.from(GSM_BASIC));
const extension = new Set(Array.from(GSM_EXTENSION));

export const MAX_PARTS = 255;

export type Encoding = "7bits" | "unicode";

export type MessageMeasure = {
  encoding: Encoding;
  /** Septets (7-bit) or UTF-16 code units (UCS-2) the message takes. */
  units: number;
  /** Characters as a person counts them (code points). */
  characters: number;
  parts: number;
  /** Units one part holds for this length: 160/153 or 70/67. */
  perPart: number;
  /** Units left in the last part before another part is needed. */
  remainingInPart: number;
  /**
   * Each part as carriers cut it: its units and its characters (code points). An escape pair or a surrogate pair
   * that would straddle a boundary starts the next part, so a part may hold one unit less than perPart.
   */
  segments: Array<{ units: number; characters: number }>;
  tooLong: boolean;
};

/** Units of each character (code point) of the message, and its encoding. */
function characterUnits(message: string): { encoding: Encoding; sizes: number[] } {
  const sizes: number[] = [];
  for (const ch of message) {
    if (basic.has(ch)) sizes.push(1);
    else if (extension.has(ch)) sizes.push(2);
    else {
      // UCS-2: one UTF-16 code unit, two for a character outside the BMP (a surrogate pair such as an emoji).
      return { encoding: "unicode", sizes: Array.from(message, (c) => c.length) };
    }
  }
  return { encoding: "7bits", sizes };
}

/** OVHcloud's `coding` of a job: 7bit (GSM 03.38 when every character allows it, else UCS-2) or 8bit (always UCS-2). */
export type Coding = "7bit" | "8bit";

export function measureMessage(message: string, options: { coding?: Coding } = {}): MessageMeasure {
  const { encoding, sizes } = options.coding === "8bit" ? { encoding: "unicode" as const, sizes: Array.from(message, (c) => c.length) } : characterUnits(message);
  const units = sizes.reduce((sum, n) => sum + n, 0);
  const single = encoding === "7bits" ? 160 : 70;
  const multi = encoding === "7bits" ? 153 : 67;
  const segments: MessageMeasure["segments"] = [];
  if (units <= single) segments.push({ units, characters: sizes.length });
  else {
    // Fill each part greedily; a character whose units do not all fit starts the next part (never split a pair).
    let current = { units: 0, characters: 0 };
    for (const size of sizes) {
      if (current.units + size > multi) {
        segments.push(current);
        current = { units: 0, characters: 0 };
      }
      current.units += size;
      current.characters += 1;
    }
    segments.push(current);
  }
  const parts = segments.length;
  const perPart = parts <= 1 ? single : multi;
  return {
    encoding,
    units,
    characters: sizes.length,
    parts,
    perPart,
    remainingInPart: perPart - segments[parts - 1]!.units,
    segments,
    tooLong: parts > MAX_PARTS,
  };
}

/** The STOP clause French commercial messages carry (11 characters with its line break). */
export const STOP_CLAUSE = "\nSTOP 36180";

/** The text actually sent: with the STOP clause when the customer is billed in France and did not opt out. */
export function messageToSend(message: string, options: { subsidiary: string; noStopClause: boolean }): string {
  return options.subsidiary === "FR" && !options.noStopClause ? `${message}${STOP_CLAUSE}` : message;
}
