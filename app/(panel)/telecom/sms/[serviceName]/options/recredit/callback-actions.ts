"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { refusalMessage } from "@/lib/refusals";
import { saveCallbackUrls } from "@/lib/sms/callbacks";
import { callbacksForm } from "@/lib/validation/forms";

/** The callBack / stopCallBack URLs of an SMS account: the same domain function as PUT /sms/{serviceName}. */
export const saveCallbacksAction = userAction({ permission: "manageRecredit", schema: callbacksForm }, async (input, { user, db, t }) => {
  const result = await saveCallbackUrls(db, { customerAccountId: user.customer.id, serviceName: input.serviceName, callBack: input.callBack, stopCallBack: input.stopCallBack });
  if (!result.ok) {
    const { key, params } = refusalMessage("callback", result);
    throw new ActionRefusal(key, params, result.field);
  }
  revalidatePath(`/telecom/sms/${input.serviceName}/options/recredit`);
  return { ok: true, message: t("callbacks.saved") };
});
