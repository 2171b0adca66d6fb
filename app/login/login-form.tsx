"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { login } from "@/app/actions/session";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("login");
  const [state, action] = useActionState(login, {});
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.message ? (
        <div ref={(el) => el?.focus()} tabIndex={-1} key={state.at} className="outline-none">
          <Notice tone="danger" live testId="login-error">
            {state.message}
          </Notice>
        </div>
      ) : null}
      <Field
        id="email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="username"
        required
        defaultValue={state.values?.email ?? ""}
        key={`email-${state.at ?? 0}`}
      />
      <Field id="password" name="password" type="password" label={t("password")} autoComplete="current-password" required />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
