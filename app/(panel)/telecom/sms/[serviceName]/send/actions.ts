"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { sendForm } from "@/lib/validation/forms";
import { creditsToNumber } from "@/lib/credits";
import { panelScope } from "@/lib/idempotency";
import { refusalMessage } from "@/lib/refusals";
import { sendSms } from "@/lib/sms/send";
import { countOutcome } from "@/lib/ops/metrics.mjs";

export const sendAction = userAction({ permission: "sendSms", schema: sendForm }, async (input, { user, db, t, actor }) => {
  const result = await sendSms(db, {
    customerAccountId: user.customer.id,
    serviceName: input.serviceName,
    message: input.message,
    receivers: input.receivers,
    sender: input.sender,
    noStopClause: input.noStopClause === "on",
    idempotency: { scope: panelScope(user.customer.id), key: input.token },
    actor,
  });
  countOutcome("sends", "panel", result);
  if (!result.ok) {
    const { key, params } = refusalMessage("send", result);
    throw new ActionRefusal(key, params, result.code === "sender_invalid" ? "sender" : result.code.startsWith("message") ? "message" : result.code === "no_valid_recipient" ? "receivers" : undefined);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}`, "layout");
  let message = t("send.done", {
    count: result.validReceivers.length,
    // Numbers: the message formats them and agrees "credit" or "credits" with each.
    credits: creditsToNumber(result.totalCreditsRemoved),
    balance: creditsToNumber(result.creditsLeft),
  });
  if (result.invalidReceivers.length) message += ` ${t("send.skipped", { numbers: result.invalidReceivers.join(", ") })}`;
  return { message, result: { nextToken: randomUUID() } };
});
