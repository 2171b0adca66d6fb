"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { buyForm } from "@/lib/validation/forms";
import { creditsToNumber } from "@/lib/credits";
import { panelScope } from "@/lib/idempotency";
import { buyCredits } from "@/lib/orders";
import { refusalMessage } from "@/lib/refusals";
import { countOutcome } from "@/lib/ops/metrics.mjs";

export const buyAction = userAction({ permission: "buyCredits", schema: buyForm }, async (input, { user, db, t, actor }) => {
  const result = await buyCredits(db, {
    customerAccountId: user.customer.id,
    subsidiary: user.customer.subsidiary,
    serviceName: input.serviceName,
    quantity: input.quantity,
    paymentMethodId: input.paymentMethodId,
    idempotency: { scope: panelScope(user.customer.id), key: input.token },
    actor,
  });
  countOutcome("purchases", "panel", result);
  if (!result.ok) {
    const refusal = result.code === "payment_failed" ? { ...result, reason: t(`errors.buy.reason.${result.reason}`) } : result;
    const { key, params } = refusalMessage("buy", refusal);
    // A failed payment leaves a failed order: the page refreshes so it shows in the order list.
    if (result.code === "payment_failed") revalidatePath("/billing/orders");
    throw new ActionRefusal(key, params, result.code.startsWith("quantity_") ? "quantity" : result.code.startsWith("payment_method") ? "paymentMethodId" : undefined);
  }
  revalidatePath("/telecom/sms", "layout");
  revalidatePath("/billing/orders");
  const values = {
    quantity: result.order.quantity,
    name: input.serviceName,
    balance: creditsToNumber(result.balance),
  };
  return {
    message: t("buy.done", values),
    result: { orderId: String(result.order.id), nextToken: randomUUID() },
  };
});
