/**
 * The carrier interface: hands a message to the network and reports its delivery state. The built-in sandbox
 * carrier delivers at once, except documented test numbers: a number ending 0000 (+44 7400 120000) is
 * blacklisted (STOP, ptt 53), one ending 0001 (+44 7400 120001) expires undelivered (ptt 801).
 */
export type DeliveryReport = { status: "delivered" | "failed"; ptt: number };

export interface Carrier {
  submit(message: { receiver: string; sender: string; text: string }): Promise<DeliveryReport>;
}

export const sandboxCarrier: Carrier = {
  async submit({ receiver }) {
    if (receiver.endsWith("0000")) return { status: "failed", ptt: 53 };
    if (receiver.endsWith("0001")) return { status: "failed", ptt: 801 };
    return { status: "delivered", ptt: 0 };
  },
};

export function getCarrier(): Carrier {
  return sandboxCarrier;
}
