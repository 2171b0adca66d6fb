"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { FocusOnMount } from "@/components/ui/focus-on-mount";
import { FormResult } from "@/components/ui/form-result";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import {
  cancelTotpAction,
  changePasswordAction,
  confirmTotpAction,
  disableTotpAction,
  endSessionAction,
  startTotpAction,
} from "./actions";

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const t = useTranslations("security");
  const { state, formAction, formRef, errors } = useForm(changePasswordAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate key={state.ok ? state.at : undefined}>
      <FormResult state={state} testId="password-result" />
      <Field id="current-password" name="current" type="password" label={t("currentPassword")} autoComplete="current-password" required errors={errors("current")} />
      <Field
        id="new-password"
        name="next"
        type="password"
        label={t("newPassword")}
        hint={t("newPasswordHint", { min: minLength })}
        autoComplete="new-password"
        required
        minLength={minLength}
        errors={errors("next")}
      />
      <Field id="confirm-password" name="confirm" type="password" label={t("confirmPassword")} autoComplete="new-password" required errors={errors("confirm")} />
      <SubmitButton pendingLabel={t("changing")} className="self-start">{t("changePassword")}</SubmitButton>
    </form>
  );
}

export function EndSessionButton({ id, label }: { id: string; label: string }) {
  const t = useTranslations("security");
  const { state, formAction: action } = useForm(endSessionAction);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton pendingLabel={t("ending")} variant="secondary">
        {t("endSession")}
        <span className="sr-only"> ({label})</span>
      </SubmitButton>
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}

export function StartTotpButton() {
  const t = useTranslations("security");
  const { state, formAction: action } = useForm(startTotpAction);
  return (
    <form action={action} className="flex flex-col gap-2">
      <FormResult state={state} testId="totp-start-result" show="error" />
      <SubmitButton pendingLabel={t("starting")} className="self-start">{t("totpStart")}</SubmitButton>
    </form>
  );
}

/**
 * Confirming the set-up, then the recovery codes, shown once. The page re-renders as "on" after the confirmation;
 * this component stays mounted (same place in the tree), so the codes stay on screen until the user leaves.
 */
export function TotpPanel({ status, children }: { status: "off" | "pending" | "on"; children?: React.ReactNode }) {
  const t = useTranslations("security");
  const { state, formAction, formRef, errors } = useForm(confirmTotpAction);
  const { formAction: cancel } = useForm(cancelTotpAction);
  const codes = state.ok ? state.result?.recoveryCodes?.split(" ") : undefined;
  return (
    <div className="flex flex-col gap-4">
      {codes ? (
        <FocusOnMount key={state.at}>
          <Notice tone="success" live title={t("recoveryTitle")} testId="recovery-codes">
            <p>{t("recoveryOnce")}</p>
            <ul className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 font-mono text-sm">
              {codes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ul>
          </Notice>
        </FocusOnMount>
      ) : null}
      {children}
      {status === "pending" ? (
        <>
          <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate>
            <FormResult state={state} testId="totp-confirm-result" show="error" />
            <Field id="totp-password" name="password" type="password" label={t("yourPassword")} autoComplete="current-password" required errors={errors("password")} />
            <Field
              id="totp-code"
              name="code"
              label={t("totpCode")}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={64}
              required
              errors={errors("code")}
            />
            <SubmitButton pendingLabel={t("confirming")} className="self-start">{t("confirmTotp")}</SubmitButton>
          </form>
          <form action={cancel}>
            <SubmitButton pendingLabel={t("cancelling")} variant="secondary">{t("cancelSetup")}</SubmitButton>
          </form>
        </>
      ) : null}
    </div>
  );
}

export function DisableTotpForm() {
  const t = useTranslations("security");
  const { state, formAction, formRef, errors } = useForm(disableTotpAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate>
      <p className="text-sm text-slate-600">{t("disableHint")}</p>
      <FormResult state={state} testId="totp-disable-result" />
      <Field id="disable-code" name="code" label={t("codeOrRecovery")} autoComplete="one-time-code" maxLength={64} errors={errors("code")} />
      <Field id="disable-password" name="password" type="password" label={t("orPassword")} autoComplete="current-password" errors={errors("password")} />
      <SubmitButton pendingLabel={t("disabling")} variant="danger" className="self-start">{t("disable")}</SubmitButton>
    </form>
  );
}
