"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/auth/action";
import { saveDescription } from "./actions";
import { FormResult } from "@/components/ui/form-result";

/** Inline edit of the account description (admin and billing; the server checks the role again). */
export function DescriptionForm({ serviceName, description, maxLength }: { serviceName: string; description: string; maxLength: number }) {
  const t = useTranslations("home");
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const [state, action] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await saveDescription(previous, formData);
    if (next.ok) {
      setEditing(false);
      // Back to the button that opened the form, once it is rendered again.
      requestAnimationFrame(() => editButton.current?.focus());
    }
    return next;
  }, {});
  const close = () => {
    setEditing(false);
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
        <Button ref={editButton} type="button" variant="secondary" className="self-start" onClick={() => setEditing(true)}>
          {t("editDescription")}
        </Button>
      </div>
    );
  }
  return (
    <form
      action={action}
      className="flex flex-col gap-3"
      onKeyDown={(event) => {
        if (event.key === "Escape") close();
      }}
    >
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} show="error" testId="description-error" />
      <Field
        id="description"
        name="description"
        label={t("description")}
        hint={t("descriptionHint", { max: maxLength })}
        defaultValue={state.values?.description ?? description}
        errors={state.errors?.description}
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
