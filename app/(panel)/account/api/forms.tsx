"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { createApplicationAction, revokeCredentialAction } from "./actions";

export function CreateApplicationForm() {
  const t = useTranslations("api");
  const { state, formAction, formRef, errors } = useForm(createApplicationAction);
  return (
    <div className="flex flex-col gap-4">
      {state.ok && state.result ? (
        <Notice tone="success" live title={t("createdTitle")} testId="api-secret">
          <p>{t("secretOnce")}</p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 font-mono text-xs">
            <dt>{t("applicationKey")}</dt>
            <dd data-testid="app-key" className="break-all">{state.result.applicationKey}</dd>
            <dt>{t("applicationSecret")}</dt>
            <dd data-testid="app-secret" className="break-all">{state.result.applicationSecret}</dd>
          </dl>
        </Notice>
      ) : null}
      <form ref={formRef} action={formAction} className="flex flex-col gap-3" key={state.at}>
        <Field id="app-name" name="name" label={t("name")} errors={errors("name")} />
        <Field id="app-description" name="description" label={t("description")} />
        <SubmitButton pendingLabel={t("creating")} className="self-start">{t("create")}</SubmitButton>
      </form>
    </div>
  );
}

export function RevokeCredential({ id }: { id: number }) {
  const t = useTranslations("api");
  const { state, formAction: action } = useForm(revokeCredentialAction);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton pendingLabel="…" variant="secondary">{t("revoke")}</SubmitButton>
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
