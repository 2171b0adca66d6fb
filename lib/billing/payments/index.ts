import type { DbOrTx } from "@/db/client";
import type { PaymentProvider } from "./provider";
import { sandboxProvider } from "./sandbox";

export type { ChargeFailure, ChargeRequest, ChargeResult, PaymentProvider } from "./provider";

/** The configured payment provider: the built-in sandbox (a real one plugs in here, behind the same interface). */
export function getPaymentProvider(db: DbOrTx): PaymentProvider {
  return sandboxProvider(db);
}
