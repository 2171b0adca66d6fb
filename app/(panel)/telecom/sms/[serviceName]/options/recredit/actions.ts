"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { recreditForm } from "@/lib/validation/forms";
import { creditsToNumber } from "@/lib/credits";
import { saveRecreditSettings } from "@/lib/recredit-settings";
import { withRecredit } from "@/lib/recredit-outcome";
import { refusalMessage } from "@/lib/refusals";
import { isRecreditOn } from "@/lib/recredit-rules";

export const saveRecreditAction = userAction({ permission: "manageRecredit", schema: recreditForm }, async (input, { user, db, t, locale, actor }) => {
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
  const threshold = creditsToNumber(result.account.recreditThreshold);
  const message = !result.changed
    ? t("recredit.unchanged")
    : off && !result.conditionsMet
      ? t("recredit.savedOffUnmet", { threshold })
      : off
        ? t("recredit.savedOff")
        : t("recredit.savedOn", { amount: result.account.recreditAmount!, threshold });
  return withRecredit(db, result.trigger, t, locale, { message });
});
