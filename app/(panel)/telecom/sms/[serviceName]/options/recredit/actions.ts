"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { recreditForm } from "@/lib/validation/forms";
import { creditsToNumber } from "@/lib/credits";
import { saveRecreditSettings } from "@/lib/recredit-settings";
import { refusalMessage } from "@/lib/refusals";
import { isRecreditOn } from "@/lib/recredit-rules";

export const saveRecreditAction = userAction({ permission: "manageRecredit", schema: recreditForm }, async (input, { user, db, t, actor }) => {
  const result = await saveRecreditSettings(db, {
    customerAccountId: user.customer.id,
    serviceName: input.serviceName,
    threshold: input.threshold,
    amount: input.amount,
    actor,
  });
  if (!result.ok) {
    const { key, params } = refusalMessage("recredit", result);
    throw new ActionRefusal(key, params, result.code.startsWith("threshold") ? "threshold" : result.code === "amount_invalid" ? "amount" : undefined);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}`, "layout");
  const off = !isRecreditOn(result.account);
  let message = off ? t("recredit.savedOff") : t("recredit.savedOn", { amount: result.account.recreditAmount!, threshold: creditsToNumber(result.account.recreditThreshold) });
  if (result.trigger.fired) {
    const { attempt } = result.trigger;
    message +=
      " " +
      (attempt.status === "succeeded"
        ? t("recredit.firedNow", { amount: attempt.amount, balance: creditsToNumber(result.balance) })
        : attempt.status === "pending"
          ? t("recredit.inProgress", { amount: attempt.amount })
          : t("recredit.failedNow", { reason: t(`recredit.reason.${attempt.reason}` as never) }));
  }
  return { message };
});
