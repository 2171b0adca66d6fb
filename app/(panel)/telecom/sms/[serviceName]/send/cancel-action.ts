"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits";
import { refusalMessage } from "@/lib/refusals";
import { cancelScheduledSms } from "@/lib/sms/cancel";
import { cancelSendForm } from "@/lib/validation/forms";

/** The cancel button of a scheduled send: the same domain function as DELETE /sms/{serviceName}/jobs/{id}. */
export const cancelSendAction = userAction({ permission: "sendSms", schema: cancelSendForm }, async (input, { user, db, t, actor }) => {
  const result = await cancelScheduledSms(db, { customerAccountId: user.customer.id, serviceName: input.serviceName, id: input.id, actor });
  if (!result.ok) {
    const { key, params } = refusalMessage("cancel", result);
    throw new ActionRefusal(key, params);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}`, "layout");
  return { ok: true, message: result.alreadyCanceled ? t("send.cancelAlready") : t("send.cancelDone", { credits: creditsToNumber(result.refunded) }) };
});
