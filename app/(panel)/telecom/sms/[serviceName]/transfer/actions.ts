"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { transferForm } from "@/lib/validation/forms";
import { creditsToNumber } from "@/lib/credits";
import { panelScope } from "@/lib/idempotency";
import { refusalMessage, transferRefusalField } from "@/lib/refusals";
import { transferCredits } from "@/lib/transfers";
import { countOutcome } from "@/lib/ops/metrics.mjs";

export const transferAction = userAction({ permission: "transferCredits", schema: transferForm }, async (input, { user, db, t, actor }) => {
  const result = await transferCredits(db, {
    customerAccountId: user.customer.id,
    source: input.source,
    target: input.target,
    amount: input.amount,
    reference: input.reference,
    idempotency: { scope: panelScope(user.customer.id), key: input.token },
    actor,
  });
  countOutcome("transfers", "panel", result);
  if (!result.ok) {
    const { key, params } = refusalMessage("transfer", { ...result, source: input.source });
    throw new ActionRefusal(key, params, transferRefusalField(result.code));
  }
  revalidatePath("/telecom/sms", "layout");
  return {
    message: t("transfer.done", {
      // Numbers: the message formats them and agrees "credit" or "credits" with each.
      amount: creditsToNumber(result.transfer.amount),
      source: result.source.serviceName,
      target: result.target.serviceName,
      sourceBalance: creditsToNumber(result.source.balance),
      targetBalance: creditsToNumber(result.target.balance),
    }),
    result: { transferId: result.transfer.id, nextToken: randomUUID() },
  };
});
