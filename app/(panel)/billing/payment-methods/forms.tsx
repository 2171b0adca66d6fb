"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { addCardAction, addSepaAction, revokeAction, setDefaultAction, validateAction } from "./actions";
import { FormResult } from "@/components/ui/form-result";


export function SepaForm() {
  const t = useTranslations("paymentMethods");
  const { state, formAction, formRef, errors, value, field } = useForm(addSepaAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" key={state.ok ? state.at : "sepa"}>
      <FormResult state={state} testId="sepa-result" />
      <Field id="sepa-holder" {...field("holder")} label={t("holder")} autoComplete="name" />
      <Field id="sepa-iban" {...field("iban")} label={t("iban")} hint={t("ibanHint")} autoComplete="off" />
      <Field id="sepa-bic" {...field("bic")} label={t("bic")} autoComplete="off" />
      <div className="flex flex-col gap-1">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acceptMandate" className="mt-1 size-4" aria-describedby="sepa-mandate-error" defaultChecked={value("acceptMandate") === "on"} />
          <span>{t("mandateText")}</span>
        </label>
        <div id="sepa-mandate-error" aria-live="polite" className="text-sm text-red-700">
          {errors("acceptMandate")?.[0]}
        </div>
      </div>
      <SubmitButton pendingLabel={t("adding")} className="self-start">{t("addSepa")}</SubmitButton>
    </form>
  );
}

export function CardForm() {
  const t = useTranslations("paymentMethods");
  const { state, formAction, formRef, field } = useForm(addCardAction);
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" key={state.ok ? state.at : "card"}>
      <FormResult state={state} testId="card-result" />
      <Field id="card-holder" {...field("holder")} label={t("holder")} autoComplete="cc-name" />
      <Field id="card-number" {...field("number")} label={t("cardNumber")} inputMode="numeric" autoComplete="cc-number" />
      <Field id="card-expiry" {...field("expiry")} label={t("expiry")} hint={t("expiryHint")} autoComplete="cc-exp" />
      <SubmitButton pendingLabel={t("adding")} className="self-start">{t("addCard")}</SubmitButton>
    </form>
  );
}

const actions = { validate: validateAction, default: setDefaultAction };

/** One button acting on one payment method, with its result announced. */
export function MethodAction({ id, kind, label, variant }: { id: number; kind: keyof typeof actions; label: string; variant?: "secondary" | "ghost" | "danger" }) {
  const { state, formAction: action } = useForm(actions[kind]);
  return (
    <form action={action} className="inline-flex flex-col gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton pendingLabel="…" variant={variant === "ghost" ? "secondary" : variant}>{label}</SubmitButton>
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}

/**
 * Revoking a method, confirmed in the panel's own modal dialog (ConfirmDialog). When the method is the
 * customer's only valid SEPA mandate, the dialog names the SMS accounts whose automatic re-credit it suspends.
 */
export function RevokeMethod({ id, method, suspends }: { id: number; method: string; suspends: string[] }) {
  const t = useTranslations("paymentMethods");
  const { state, formAction: action } = useForm(revokeAction);
  return (
    <div className="inline-flex flex-col gap-1">
      <ConfirmDialog
        trigger={t("revoke")}
        title={t("revokeTitle", { method })}
        cancel={t("revokeCancel")}
        confirm={t("revokeConfirmButton")}
        action={action}
        hidden={{ id }}
      >
        <p>{t("revokeBody")}</p>
        {suspends.length > 0 ? (
          <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900" data-testid="revoke-suspends">
            <p className="font-medium">{t("revokeSuspends", { count: suspends.length })}</p>
            <ul className="mt-1 list-disc pl-5">
              {suspends.map((name) => <li key={name}>{name}</li>)}
            </ul>
          </div>
        ) : null}
      </ConfirmDialog>
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </div>
  );
}
