"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits/amounts";
import { countOutcome } from "@/lib/ops/metrics.mjs";
import { withRecredit } from "@/lib/recredit/outcome";
import { TRANSFER_REFUSALS } from "@/lib/credits/transfer-rules";
import { transferCredits } from "@/lib/credits/transfers";
import { transferForm } from "@/lib/validation/forms";

export const transferAction = accountAction(
  {
    permission: "transferCredits",
    schema: transferForm,
    refusals: TRANSFER_REFUSALS,
    account: "source",
    notFound: "source_not_found",
    echo: ["source", "target", "amount", "reference"],
    idempotent: true,
  },
  async (input, { db, scope, idempotency, actor, t, locale }) => {
    const { customerAccountId, serviceName: source } = scope;
    const { target, amount, reference } = input;
    const result = await transferCredits(db, { customerAccountId, source, target, amount, reference, idempotency: idempotency(input.token), actor });
    countOutcome("transfers", "panel", result);
    if (!result.ok) return result;
    revalidatePath("/telecom/sms", "layout");
    const message = t("transfer.done", {
      // Numbers: the message formats them and agrees "credit" or "credits" with each.
      amount: creditsToNumber(result.transfer.amount),
      source: result.source.serviceName,
      target: result.target.serviceName,
      sourceBalance: creditsToNumber(result.source.balance),
      targetBalance: creditsToNumber(result.target.balance),
    });
    return withRecredit(db, result.recredit, t, locale, { message, result: { transferId: String(result.transfer.id), source, target } });
  },
);
