/**
 * The carrier interface: hands a message to the network and reports its delivery state. It is called after the
 * commit that debited the credits (by the request's fast path, then the handoff-sms job as the safety net), never
 * while an account row is locked; each message carries its id, so a carrier can drop a repeated hand-off.
 *
 * The built-in sandbox carrier delivers at once, except documented test numbers (docs/sandbox.md):
 *   a number ending 0000 (+44 7400 120000): the recipient said STOP (ptt 53) — the recipient's doing, not refunded;
 *   a number ending 0001 (+44 7400 120001): expired undelivered, the handset stayed off (ptt 801) — not refunded;
 *   a number ending 0002 (+44 7400 120002): the carrier could not route it (ptt 2) — refunded.
 */
/** The sandbox's short number for answerable messages (senderForResponse): fixed, documented in docs/sandbox.md. */
export const SANDBOX_REPLY_SHORT_CODE = "38100";

export type DeliveryReport = {
  status: "delivered" | "failed";
  ptt: number;
  /** Undelivered for a reason that is not the recipient's (the network, the route): the credits are given back. */
  refundable: boolean;
};

export interface Carrier {
  /** The short number messages sent with senderForResponse come from: the recipient can answer it. */
  readonly replyShortCode: string;
  submit(message: { id: string; receiver: string; sender: string; text: string }): Promise<DeliveryReport>;
}

export const sandboxCarrier: Carrier = {
  replyShortCode: SANDBOX_REPLY_SHORT_CODE,
  async submit({ receiver }) {
    if (receiver.endsWith("0000")) return { status: "failed", ptt: 53, refundable: false };
    if (receiver.endsWith("0001")) return { status: "failed", ptt: 801, refundable: false };
    if (receiver.endsWith("0002")) return { status: "failed", ptt: 2, refundable: true };
    return { status: "delivered", ptt: 0, refundable: false };
  },
};

export function getCarrier(): Carrier {
  return sandboxCarrier;
}
