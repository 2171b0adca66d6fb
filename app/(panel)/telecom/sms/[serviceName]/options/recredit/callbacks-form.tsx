"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormResult } from "@/components/ui/form-result";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/auth/action";
import { saveCallbacksAction } from "./callback-actions";

/** OVHcloud's callBack and stopCallBack URLs of the SMS account (the server checks role, tenant and URLs again). */
export function CallbacksForm({ serviceName, callBack, stopCallBack }: { serviceName: string; callBack: string; stopCallBack: string }) {
  const t = useTranslations("callbacks");
  const [state, action] = useActionState<FormState, FormData>(saveCallbacksAction, {});
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} testId="callbacks-saved" errorTestId="callbacks-error" />
      <Field
        id="callBack"
        name="callBack"
        type="url"
        inputMode="url"
        label={t("callBack")}
        hint={t("callBackHint")}
        defaultValue={state.values?.callBack ?? callBack}
        errors={state.errors?.callBack}
        key={`cb-${state.at}`}
      />
      <Field
        id="stopCallBack"
        name="stopCallBack"
        type="url"
        inputMode="url"
        label={t("stopCallBack")}
        hint={t("stopCallBackHint")}
        defaultValue={state.values?.stopCallBack ?? stopCallBack}
        errors={state.errors?.stopCallBack}
        key={`stop-${state.at}`}
      />
      <SubmitButton pendingLabel={t("saving")} className="self-start">
        {t("save")}
      </SubmitButton>
    </form>
  );
}
