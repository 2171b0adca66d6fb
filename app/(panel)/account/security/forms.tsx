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
  const { state, formAction, formRef, field } = useForm(changePasswordAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate key={state.ok ? state.at : undefined}>
      <FormResult state={state} testId="password-result" />
      <Field id="current-password" {...field("current")} type="password" label={t("currentPassword")} autoComplete="current-password" required />
      <Field id="new-password" {...field("next")} type="password" label={t("newPassword")} hint={t("newPasswordHint", { min: minLength })} autoComplete="new-password" required minLength={minLength} />
      <Field id="confirm-password" {...field("confirm")} type="password" label={t("confirmPassword")} autoComplete="new-password" required />
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
  const { state, formAction, formRef, field } = useForm(confirmTotpAction);
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
            <Field id="totp-password" {...field("password")} type="password" label={t("yourPassword")} autoComplete="current-password" required />
            <Field id="totp-code" {...field("code")} label={t("totpCode")} inputMode="numeric" autoComplete="one-time-code" maxLength={64} required />
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
  const { state, formAction, formRef, field } = useForm(disableTotpAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" noValidate>
      <p className="text-sm text-slate-600">{t("disableHint")}</p>
      <FormResult state={state} testId="totp-disable-result" />
      <Field id="disable-code" {...field("code")} label={t("codeOrRecovery")} autoComplete="one-time-code" maxLength={64} />
      <Field id="disable-password" {...field("password")} type="password" label={t("orPassword")} autoComplete="current-password" />
      <SubmitButton pendingLabel={t("disabling")} variant="danger" className="self-start">{t("disable")}</SubmitButton>
    </form>
  );
}
