"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormResult } from "@/components/ui/form-result";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { saveDescription } from "./actions";

/** Inline edit of the account description (admin and billing; the server checks the role again). */
export function DescriptionForm({ serviceName, description, maxLength }: { serviceName: string; description: string; maxLength: number }) {
  const t = useTranslations("home");
  const { state, formAction, formRef, field } = useForm(saveDescription);
  // Open since the answer it was opened after: a newer success closes it.
  const [openedAfter, setOpenedAfter] = useState<number | null>(null);
  const editing = openedAfter !== null && !(state.ok && state.at !== openedAfter);
  const editButton = useRef<HTMLButtonElement>(null);
  // Saved: back to the button that opened the form.
  useEffect(() => {
    if (state.ok) editButton.current?.focus();
  }, [state]);
  const close = () => {
    setOpenedAfter(null);
    requestAnimationFrame(() => editButton.current?.focus());
  };

  if (!editing) {
    return (
      <div className="flex flex-col gap-2">
        {state.ok ? (
          <Notice tone="success" live testId="description-saved">
            {t("descriptionSaved")}
          </Notice>
        ) : null}
        <Button ref={editButton} type="button" variant="secondary" className="self-start" onClick={() => setOpenedAfter(state.at ?? 0)}>
          {t("editDescription")}
        </Button>
      </div>
    );
  }
  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" onKeyDown={(event) => event.key === "Escape" && close()}>
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} show="error" testId="description-error" />
      <Field
        id="description"
        {...field("description", description)}
        label={t("description")}
        hint={t("descriptionHint", { max: maxLength })}
        autoFocus
        key={state.at}
      />
      <div className="flex gap-2">
        <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
        <Button type="button" variant="ghost" onClick={close}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
