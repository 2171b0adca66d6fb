/**
 * SMS encoding and parts. GSM 03.38 7-bit when every character is in the basic or extension table (extension
 * characters take 2 septets), else UCS-2 (UTF-16 code units: an emoji outside the BMP takes 2). One part holds 160
 * septets or 70 UCS-2 units; a longer message is split into parts of 153 or 67 (the rest is the concatenation
 * header). At most 255 parts.
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
  tooLong: boolean;
};

export function measureMessage(message: string): MessageMeasure {
  let septets = 0;
  let gsm = true;
  for (const ch of message) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: Encoding = gsm ? "7bits" : "unicode";
  const units = gsm ? septets : message.length; // UTF-16 code units
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const parts = units === 0 ? 1 : units <= single ? 1 : Math.ceil(units / multi);
  const perPart = parts <= 1 ? single : multi;
  const capacity = parts <= 1 ? single : parts * multi;
  return {
    encoding,
    units,
    characters: Array.from(message).length,
    parts,
    perPart,
    remainingInPart: capacity - units,
    tooLong: parts > MAX_PARTS,
  };
}

/** The STOP clause French commercial messages carry (11 characters with its line break). */
export const STOP_CLAUSE = "\nSTOP 36180";

/** The text actually sent: with the STOP clause when the customer is billed in France and did not opt out. */
export function messageToSend(message: string, options: { subsidiary: string; noStopClause: boolean }): string {
  return options.subsidiary === "FR" && !options.noStopClause ? `${message}${STOP_CLAUSE}` : message;
}
