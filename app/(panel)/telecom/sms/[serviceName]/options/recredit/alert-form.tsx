"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { FormResult } from "@/components/ui/form-result";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { saveAlertAction } from "./actions";

/** The low-balance alert: threshold, e-mail recipients among the customer's users, webhook URL and its secret. */
export function AlertForm({
  serviceName,
  threshold,
  users,
  recipientIds,
  webhookUrl,
  webhookSecret,
  emailConfigured,
}: {
  serviceName: string;
  threshold: string;
  users: Array<{ id: number; name: string; email: string }>;
  recipientIds: number[];
  webhookUrl: string;
  webhookSecret: string | null;
  emailConfigured: boolean;
}) {
  const t = useTranslations("alerts");
  const { state, formAction, formRef, field } = useForm(saveAlertAction);
  return (
    <form key={state.at} ref={formRef} action={formAction} className="flex flex-col gap-4" data-testid="alert-form">
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} testId="alert-saved" errorTestId="alert-error" />
      <Field id="alert-threshold" {...field("threshold", threshold)} label={t("threshold")} hint={t("thresholdHint")} inputMode="decimal" />
      <fieldset className="flex flex-col gap-2" aria-describedby="alert-recipients-hint">
        <legend className="text-sm font-medium">{t("recipients")}</legend>
        {!emailConfigured ? (
          <Notice tone="warning" testId="alert-email-not-configured">{t("emailNotConfigured")}</Notice>
        ) : null}
        <ul className="flex flex-col gap-1">
          {users.map((u) => (
            <li key={u.id}>
              <label className="flex min-h-10 items-center gap-2 text-sm break-all">
                <input type="checkbox" name={`recipient-${u.id}`} defaultChecked={recipientIds.includes(u.id)} className="size-4 shrink-0" />
                <span>
                  {u.name} <span className="text-slate-600">({u.email})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        <p id="alert-recipients-hint" className="text-xs text-slate-600">{t("recipientsHint")}</p>
      </fieldset>
      <Field id="alert-webhook" {...field("webhookUrl", webhookUrl)} inputMode="url" label={t("webhookUrl")} hint={t("webhookUrlHint")} placeholder="https://example.com/hooks/sms" />
      {webhookSecret ? (
        <div className="flex flex-col gap-1">
          <p className="text-sm font-medium">{t("secret")}</p>
          <code className="rounded-md bg-slate-100 px-3 py-2 text-xs break-all" data-testid="alert-webhook-secret">{webhookSecret}</code>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" name="rotateSecret" className="size-4 shrink-0" />
            {t("rotateSecret")}
          </label>
        </div>
      ) : null}
      <SubmitButton pendingLabel={t("saving")} className="self-start">{t("save")}</SubmitButton>
    </form>
  );
}
