"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits/amounts";
import { countOutcome } from "@/lib/ops/metrics.mjs";
import { BUY_REFUSALS, buyCredits } from "@/lib/billing/orders";
import { buyForm } from "@/lib/validation/forms";

export const buyAction = accountAction(
  { permission: "buyCredits", schema: buyForm, refusals: BUY_REFUSALS, idempotent: true },
  async (input, { db, scope, customer, idempotency, actor, t }) => {
    const { quantity, paymentMethodId } = input;
    const result = await buyCredits(db, { ...scope, subsidiary: customer.subsidiary, quantity, paymentMethodId, idempotency: idempotency(input.token), actor });
    countOutcome("purchases", "panel", result);
    // A failed payment leaves a failed order: the order list shows it.
    if (!result.ok && result.code === "payment_failed") revalidatePath("/billing/orders");
    if (!result.ok) return result;
    revalidatePath("/telecom/sms", "layout");
    revalidatePath("/billing/orders");
    return {
      message: t("buy.done", { quantity: result.order.quantity, name: scope.serviceName, balance: creditsToNumber(result.balance) }),
      result: { orderId: String(result.order.id) },
    };
  },
);
