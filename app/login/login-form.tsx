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
  const challenge = state.result?.challenge;
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
      {challenge ? (
        <>
          <input type="hidden" name="challenge" value={challenge} />
          <input type="hidden" name="email" value={state.values?.email ?? ""} />
          <p className="text-sm text-slate-700" data-testid="second-step">{t("secondStep")}</p>
          <Field
            id="code"
            name="code"
            label={t("code")}
            hint={t("codeHint")}
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            required
            autoFocus
            key={`code-${state.at ?? 0}`}
          />
          <SubmitButton pendingLabel={t("pending")}>{t("verify")}</SubmitButton>
          <a href="/login" className="self-start text-sm text-brand-700 underline underline-offset-2">
            {t("startOver")}
          </a>
        </>
      ) : (
        <>
          <Field
            id="email"
            name="email"
            type="email"
            label={t("email")}
            autoComplete="username"
            required
            defaultValue={state.values?.email ?? ""}
            key={`email-${state.at ?? 0}`}
            // The first thing to type: focused, so the language switcher above does not take the first Tab.
            autoFocus
          />
          <Field id="password" name="password" type="password" label={t("password")} autoComplete="current-password" required />
          <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
        </>
      )}
    </form>
  );
}
