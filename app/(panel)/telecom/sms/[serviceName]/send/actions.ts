"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits/amounts";
import { countOutcome } from "@/lib/ops/metrics.mjs";
import { withRecredit } from "@/lib/recredit/outcome";
import { SEND_REFUSALS, sendSms } from "@/lib/sms/send";
import { sendForm } from "@/lib/validation/forms";

export const sendAction = accountAction(
  { permission: "sendSms", schema: sendForm, refusals: SEND_REFUSALS, echo: ["receivers", "sender", "message", "noStopClause"], idempotent: true },
  async (input, { db, scope, idempotency, actor, t, locale }) => {
    const { message, receivers, sender } = input;
    const noStopClause = input.noStopClause === "on";
    const result = await sendSms(db, { ...scope, message, receivers, sender, noStopClause, idempotency: idempotency(input.token), actor });
    countOutcome("sends", "panel", result);
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}`, "layout");
    let done = t("send.done", {
      count: result.validReceivers.length,
      // Numbers: the message formats them and agrees "credit" or "credits" with each.
      credits: creditsToNumber(result.totalCreditsRemoved),
      balance: creditsToNumber(result.creditsLeft),
    });
    if (result.invalidReceivers.length) done += ` ${t("send.skipped", { numbers: result.invalidReceivers.join(", ") })}`;
    // The sender stays in the form for the next message (it is data of this success, not an echo).
    return withRecredit(db, result.recredit, t, locale, { message: done, result: { sender } });
  },
);
