"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { CALLBACK_REFUSALS, saveCallbackUrls } from "@/lib/sms/callbacks";
import { callbacksForm } from "@/lib/validation/forms";

/** The callBack / stopCallBack URLs of an SMS account: the same domain function as PUT /sms/{serviceName}. */
export const saveCallbacksAction = accountAction(
  { permission: "manageRecredit", schema: callbacksForm, refusals: CALLBACK_REFUSALS, notFound: "account_not_found", echo: ["callBack", "stopCallBack"] },
  async ({ callBack, stopCallBack }, { db, scope, t }) => {
    const result = await saveCallbackUrls(db, { ...scope, callBack, stopCallBack });
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${scope.serviceName}/options/recredit`);
    return { message: t("callbacks.saved") };
  },
);
