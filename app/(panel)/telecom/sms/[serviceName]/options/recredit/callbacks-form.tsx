"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { FormResult } from "@/components/ui/form-result";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { saveCallbacksAction } from "./callback-actions";

/** OVHcloud's callBack and stopCallBack URLs of the SMS account (the server checks role, tenant and URLs again). */
export function CallbacksForm({ serviceName, callBack, stopCallBack }: { serviceName: string; callBack: string; stopCallBack: string }) {
  const t = useTranslations("callbacks");
  const { state, formAction, formRef, errors, value } = useForm(saveCallbacksAction);
  const saved = { callBack, stopCallBack };
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate key={state.at}>
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} testId="callbacks-saved" errorTestId="callbacks-error" />
      {(["callBack", "stopCallBack"] as const).map((field) => (
        <Field
          key={field}
          id={field}
          name={field}
          type="url"
          inputMode="url"
          label={t(field)}
          hint={t(`${field}Hint`)}
          defaultValue={value(field) ?? saved[field]}
          errors={errors(field)}
        />
      ))}
      <SubmitButton pendingLabel={t("saving")} className="self-start">
        {t("save")}
      </SubmitButton>
    </form>
  );
}
