"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { alertForm, alertRecipientIds, recreditForm } from "@/lib/validation/forms";
import { saveAlertSettings } from "@/lib/balance-alerts";
import { env } from "@/lib/env";
import { emailConfigured } from "@/lib/mailer";
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
    monthlyCap: input.monthlyCap,
    actor,
  });
  if (!result.ok) {
    const { key, params } = refusalMessage("recredit", result);
    throw new ActionRefusal(key, params, result.code.startsWith("threshold") ? "threshold" : result.code === "amount_invalid" ? "amount" : result.code.startsWith("cap_") ? "monthlyCap" : undefined);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}`, "layout");
  const off = !isRecreditOn(result.account);
  const message = off ? t("recredit.savedOff") : t("recredit.savedOn", { amount: result.account.recreditAmount!, threshold: creditsToNumber(result.account.recreditThreshold) });
  return withRecredit(db, result.trigger, t, locale, { message });
});

export const saveAlertAction = userAction({ permission: "manageRecredit", schema: alertForm }, async (input, { user, db, t }) => {
  const result = await saveAlertSettings(
    db,
    {
      customerAccountId: user.customer.id,
      serviceName: input.serviceName,
      threshold: input.threshold,
      recipientIds: alertRecipientIds(input),
      webhookUrl: input.webhookUrl,
      rotateSecret: input.rotateSecret === "on",
      emailConfigured: emailConfigured(),
    },
    env().AUTH_SECRET,
  );
  if (!result.ok) {
    const { key, params } = refusalMessage("alerts", result);
    throw new ActionRefusal(key, params, result.code.startsWith("threshold") ? "threshold" : result.code === "webhook_url_invalid" ? "webhookUrl" : undefined);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}`, "layout");
  const threshold = result.account.alertThreshold;
  const message = threshold === null ? t("alerts.savedOff") : t("alerts.savedOn", { threshold: creditsToNumber(threshold) });
  return { message: result.alert ? `${message} ${t("alerts.sentNow")}` : message };
});
