"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { createApplicationAction, deleteApplicationAction, revokeCredentialAction } from "./actions";

/** `activeKeys`: the applications that exist now, so the secret of one deleted since is not shown any more. */
export function CreateApplicationForm({ activeKeys }: { activeKeys: string[] }) {
  const t = useTranslations("api");
  const { state, formAction, formRef, field } = useForm(createApplicationAction);
  return (
    <div className="flex flex-col gap-4">
      {state.ok && state.result && activeKeys.includes(state.result.applicationKey ?? "") ? (
        <Notice tone="success" live title={t("createdTitle")} testId="api-secret">
          <p>{t("secretOnce")}</p>
          <dl className="mt-2 flex flex-col gap-2 text-xs">
            <CopyableValue label={t("applicationKey")} value={state.result.applicationKey ?? ""} testId="app-key" />
            <CopyableValue label={t("applicationSecret")} value={state.result.applicationSecret ?? ""} testId="app-secret" />
          </dl>
        </Notice>
      ) : null}
      <form ref={formRef} action={formAction} className="flex flex-col gap-3" key={state.at}>
        <Field id="app-name" {...field("name")} label={t("name")} />
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

/**
 * A key or secret to copy: on one line that scrolls sideways rather than wrapping mid-string (a wrapped secret
 * invites copying half of it), with a button that copies it whole.
 */
function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useTranslations("api");
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-1">
      <dt className="font-medium">{label}</dt>
      <dd className="flex items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 overflow-x-auto rounded border border-emerald-200 bg-white px-2 py-1.5 font-mono whitespace-nowrap">
          {value}
        </code>
        <button
          type="button"
          className="min-h-9 shrink-0 rounded-md border border-slate-300 bg-white px-3 font-sans text-xs font-semibold text-ink hover:bg-slate-50"
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          }}
        >
          {t("copy")}
          <span className="sr-only"> {label}</span>
        </button>
        <span aria-live="polite" className="text-xs text-emerald-800">{copied ? t("copied") : ""}</span>
      </dd>
    </div>
  );
}

/** Deleting an application, confirmed in the panel's own dialog that says how many working keys stop. */
export function DeleteApplication({ id, name, activeKeys }: { id: number; name: string; activeKeys: number }) {
  const t = useTranslations("api");
  const { state, formAction: action } = useForm(deleteApplicationAction);
  return (
    <div className="inline-flex flex-col gap-1">
      <ConfirmDialog trigger={t("deleteApp")} title={t("deleteTitle", { name })} cancel={t("deleteCancel")} confirm={t("deleteConfirm")} action={action} hidden={{ id }}>
        <p>{t("deleteBody", { count: activeKeys })}</p>
      </ConfirmDialog>
      {state.ok === false && state.message ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </div>
  );
}
