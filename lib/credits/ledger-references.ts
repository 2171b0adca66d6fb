/**
 * What the panel itself says of a ledger entry ("Order #2", "Opening balance", "3 SMS") is stored as a code and its
 * values, never as a sentence, so each reader sees it in their own language (messages: `ledger.ref.<code>`). The
 * entry's free `reference` stays for text a person wrote (a transfer's reference, an SMS campaign tag).
 */
export const LEDGER_REFERENCE_CODES = ["order", "opening_balance", "sms", "sms_refund", "sms_cancel"] as const;
export type LedgerReferenceCode = (typeof LEDGER_REFERENCE_CODES)[number];
export type LedgerReferenceParams = Record<string, string | number>;

export type LedgerReference = { code: LedgerReferenceCode; params: LedgerReferenceParams };

export const orderReference = (orderId: number): LedgerReference => ({ code: "order", params: { id: orderId } });
export const openingBalanceReference = (): LedgerReference => ({ code: "opening_balance", params: {} });
export const smsReference = (count: number): LedgerReference => ({ code: "sms", params: { count } });
export const smsRefundReference = (messageId: bigint, receiver: string, ptt: number): LedgerReference => ({
  code: "sms_refund",
  params: { id: messageId.toString(), receiver, ptt },
});

export const smsCancelReference = (messageId: bigint, receiver: string): LedgerReference => ({
  code: "sms_cancel",
  params: { id: messageId.toString(), receiver },
});

export function isLedgerReferenceCode(code: string | null): code is LedgerReferenceCode {
  return code !== null && (LEDGER_REFERENCE_CODES as readonly string[]).includes(code);
}

/**
 * The text of an entry's reference for a person: the translated code (if any), then the free text.
 * `translate` is next-intl's `t` scoped to `ledger.ref`.
 */
export function describeReference(
  entry: { referenceCode: string | null; referenceParams: LedgerReferenceParams | null; reference: string },
  translate: (code: LedgerReferenceCode, params: LedgerReferenceParams) => string,
): string {
  const coded = isLedgerReferenceCode(entry.referenceCode) ? translate(entry.referenceCode, entry.referenceParams ?? {}) : "";
  return [coded, entry.reference].filter(Boolean).join(" · ");
}
