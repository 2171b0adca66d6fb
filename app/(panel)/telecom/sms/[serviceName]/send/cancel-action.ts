"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits/amounts";
import { CANCEL_REFUSALS, cancelScheduledSms } from "@/lib/sms/cancel";
import { cancelSendForm } from "@/lib/validation/forms";

/** The cancel button of a scheduled send: the same domain function as DELETE /sms/{serviceName}/jobs/{id}. */
export const cancelSendAction = accountAction(
  { permission: "sendSms", schema: cancelSendForm, refusals: CANCEL_REFUSALS, notFound: "account_not_found" },
  async ({ id }, { db, scope, t, actor }) => {
    const result = await cancelScheduledSms(db, { ...scope, id, actor });
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}`, "layout");
    return { message: result.alreadyCanceled ? t("send.cancelAlready") : t("send.cancelDone", { credits: creditsToNumber(result.refunded) }) };
  },
);
