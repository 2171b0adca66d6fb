"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { ALERT_REFUSALS, saveAlertSettings } from "@/lib/alerts/balance-alerts";
import { env } from "@/lib/env";
import { emailConfigured } from "@/lib/alerts/mailer";
import { creditsToNumber } from "@/lib/credits/amounts";
import { withRecredit } from "@/lib/recredit/outcome";
import { isRecreditOn } from "@/lib/recredit/rules";
import { RECREDIT_REFUSALS, saveRecreditSettings } from "@/lib/recredit/settings";
import { alertForm, alertRecipientIds, recreditForm } from "@/lib/validation/forms";

export const saveRecreditAction = accountAction(
  { permission: "manageRecredit", schema: recreditForm, refusals: RECREDIT_REFUSALS, notFound: "account_not_found" },
  async ({ threshold, amount, monthlyCap }, { db, scope, actor, t, locale }) => {
    const result = await saveRecreditSettings(db, { ...scope, threshold, amount, monthlyCap, actor });
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}`, "layout");
    const off = !isRecreditOn(result.account);
    const saved = creditsToNumber(result.account.recreditThreshold);
    const message = !result.changed
      ? t("recredit.unchanged")
      : off && !result.conditionsMet
        ? t("recredit.savedOffUnmet", { threshold: saved })
        : off
          ? t("recredit.savedOff")
          : t("recredit.savedOn", { amount: result.account.recreditAmount!, threshold: saved });
    return withRecredit(db, result.trigger, t, locale, { message });
  },
);

export const saveAlertAction = accountAction(
  { permission: "manageRecredit", schema: alertForm, refusals: ALERT_REFUSALS, notFound: "account_not_found", echo: ["threshold", "webhookUrl"] },
  async (input, { db, scope, t }) => {
    const result = await saveAlertSettings(
      db,
      {
        ...scope,
        threshold: input.threshold,
        recipientIds: alertRecipientIds(input),
        webhookUrl: input.webhookUrl,
        rotateSecret: input.rotateSecret === "on",
        emailConfigured: emailConfigured(),
      },
      env().AUTH_SECRET,
    );
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}`, "layout");
    const threshold = result.account.alertThreshold;
    const message = threshold === null ? t("alerts.savedOff") : t("alerts.savedOn", { threshold: creditsToNumber(threshold) });
    return { message: result.alert ? `${message} ${t("alerts.sentNow")}` : message };
  },
);
