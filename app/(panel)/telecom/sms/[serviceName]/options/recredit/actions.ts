"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { creditsToNumber } from "@/lib/credits";
import { withRecredit } from "@/lib/recredit-outcome";
import { isRecreditOn } from "@/lib/recredit-rules";
import { RECREDIT_REFUSALS, saveRecreditSettings } from "@/lib/recredit-settings";
import { recreditForm } from "@/lib/validation/forms";

export const saveRecreditAction = accountAction(
  { permission: "manageRecredit", schema: recreditForm, refusals: RECREDIT_REFUSALS, notFound: "account_not_found" },
  async ({ threshold, amount }, { db, scope, actor, t, locale }) => {
    const result = await saveRecreditSettings(db, { ...scope, threshold, amount, actor });
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}`, "layout");
    const { recreditAmount, recreditThreshold } = result.account;
    const message = isRecreditOn(result.account)
      ? t("recredit.savedOn", { amount: recreditAmount!, threshold: creditsToNumber(recreditThreshold) })
      : t("recredit.savedOff");
    return withRecredit(db, result.trigger, t, locale, { message });
  },
);
