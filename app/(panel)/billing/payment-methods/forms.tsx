"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { addCardAction, addSepaAction, revokeAction, setDefaultAction, validateAction } from "./actions";
import { FormResult } from "@/components/ui/form-result";


export function SepaForm() {
  const t = useTranslations("paymentMethods");
  const [state, action] = useActionState(addSepaAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="flex flex-col gap-3" key={state.ok ? state.at : "sepa"}>
      <FormResult state={state} testId="sepa-result" />
      <Field id="sepa-holder" name="holder" label={t("holder")} defaultValue={v.holder} errors={state.errors?.holder} autoComplete="name" />
      <Field id="sepa-iban" name="iban" label={t("iban")} hint={t("ibanHint")} defaultValue={v.iban} errors={state.errors?.iban} autoComplete="off" />
      <Field id="sepa-bic" name="bic" label={t("bic")} defaultValue={v.bic} errors={state.errors?.bic} autoComplete="off" />
      <div className="flex flex-col gap-1">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acceptMandate" className="mt-1 size-4" aria-describedby="sepa-mandate-error" defaultChecked={v.acceptMandate === "on"} />
          <span>{t("mandateText")}</span>
        </label>
        <div id="sepa-mandate-error" aria-live="polite" className="text-sm text-red-700">
          {state.errors?.acceptMandate?.[0]}
        </div>
      </div>
      <SubmitButton pendingLabel={t("adding")} className="self-start">{t("addSepa")}</SubmitButton>
    </form>
  );
}

export function CardForm() {
  const t = useTranslations("paymentMethods");
  const [state, action] = useActionState(addCardAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="flex flex-col gap-3" key={state.ok ? state.at : "card"}>
      <FormResult state={state} testId="card-result" />
      <Field id="card-holder" name="holder" label={t("holder")} defaultValue={v.holder} errors={state.errors?.holder} autoComplete="cc-name" />
      <Field id="card-number" name="number" label={t("cardNumber")} inputMode="numeric" defaultValue={v.number} errors={state.errors?.number} autoComplete="cc-number" />
      <Field id="card-expiry" name="expiry" label={t("expiry")} hint={t("expiryHint")} defaultValue={v.expiry} errors={state.errors?.expiry} autoComplete="cc-exp" />
      <SubmitButton pendingLabel={t("adding")} className="self-start">{t("addCard")}</SubmitButton>
    </form>
  );
}

const actions = { validate: validateAction, revoke: revokeAction, default: setDefaultAction };

/** One button acting on one payment method, with its result announced. */
export function MethodAction({ id, kind, label, variant }: { id: number; kind: keyof typeof actions; label: string; variant?: "secondary" | "ghost" | "danger" }) {
  const t = useTranslations("paymentMethods");
  const [state, action] = useActionState(actions[kind], {});
  return (
    <form action={action} className="inline-flex flex-col gap-1">
      <input type="hidden" name="id" value={id} />
      {kind === "revoke" ? (
        <Button type="submit" variant={variant ?? "ghost"} onClick={(e) => { if (!confirm(t("revokeConfirm"))) e.preventDefault(); }}>{label}</Button>
      ) : (
        <SubmitButton pendingLabel="…" variant={variant === "ghost" ? "secondary" : variant}>{label}</SubmitButton>
      )}
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
