"use client";

import { useTranslations } from "next-intl";
import { Notice } from "@/components/ui/notice";
import { useForm } from "@/components/ui/use-form";
import { decideAction } from "./actions";

export function DecideForm({ token }: { token: string }) {
  const t = useTranslations("api");
  const { state, formAction: action } = useForm(decideAction);
  if (state.ok) {
    return (
      <Notice tone="success" live testId="credential-decided">
        <p>{state.message}</p>
        {state.result?.redirection ? (
          <a href={state.result.redirection} rel="noreferrer noopener" className="mt-1 inline-block break-all font-medium underline">
            {state.result.redirection}
          </a>
        ) : null}
      </Notice>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      {state.message ? <Notice tone="danger" live>{state.message}</Notice> : null}
      <div className="flex flex-col gap-1">
        <label htmlFor="validity" className="text-sm font-medium">{t("validity")}</label>
        <select id="validity" name="validity" defaultValue="1d" className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm">
          <option value="1h">{t("validities.1h")}</option>
          <option value="1d">{t("validities.1d")}</option>
          <option value="30d">{t("validities.30d")}</option>
          <option value="unlimited">{t("validities.unlimited")}</option>
        </select>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="decision" value="grant" className="min-h-10 rounded-md bg-brand-600 px-4 text-sm font-semibold text-white">{t("grant")}</button>
        <button type="submit" name="decision" value="refuse" className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">{t("refuse")}</button>
      </div>
    </form>
  );
}
