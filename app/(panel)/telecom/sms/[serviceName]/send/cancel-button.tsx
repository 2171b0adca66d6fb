"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/auth/action";
import { cancelSendAction } from "./cancel-action";

/**
 * Cancels one scheduled SMS before its time (its credits come back). It stays mounted once the row shows the SMS
 * cancelled (`open` false: no button), so the answer is still announced where the button was.
 */
export function CancelSendButton({ serviceName, id, receiver, open }: { serviceName: string; id: string; receiver: string; open: boolean }) {
  const t = useTranslations("send");
  const [state, action] = useActionState<FormState, FormData>(cancelSendAction, {});
  return (
    <form action={action} className="mt-1 flex flex-col items-end gap-1">
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="id" value={id} />
      {state.message ? (
        <Notice tone={state.ok ? "success" : "danger"} live testId="cancel-result">
          {state.message}
        </Notice>
      ) : null}
      {open ? (
        <SubmitButton variant="secondary" pendingLabel={t("canceling")} className="min-h-8 px-2 py-1 text-xs">
          <span aria-hidden>{t("cancel")}</span>
          <span className="sr-only">{`${t("cancel")} ${receiver}`}</span>
        </SubmitButton>
      ) : null}
    </form>
  );
}
