"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import type { FormAction, FormState } from "@/lib/auth/action";
import type { Reader } from "@/lib/refusals";

/**
 * The one way a form submits to its server action (next-learn's forms are the model). The form state is the
 * action's answer and nothing else: the form derives what it shows from it and never sets state inside the action.
 * - `token`: the idempotency token of the next submission. The page renders the first one; each answer that ends
 *   it brings the next (lib/auth/action.ts), so a double submission carries one token and acts once.
 * - `errors(field)` and `value(field)`: a refusal's messages and its echoed values (only fields safe to echo);
 *   `field(name, saved)` binds an uncontrolled input to both: its name, its errors, and the echoed value or else the
 *   saved one, so a field names itself once.
 * - `formRef`: after a refusal, keyboard focus goes to the first invalid field, else to the refusal's message.
 */
export function useForm<F extends string>(action: FormAction<F>, options: { token?: string } = {}) {
  const [state, formAction, pending] = useActionState(action, { token: options.token } as FormState<F>);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok !== false) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>("[aria-invalid='true']") ?? form?.querySelector<HTMLElement>("[data-form-refusal]"))?.focus();
  }, [state]);
  const errors = (field: F) => (state.ok === false ? state.errors?.[field] : undefined);
  const value = (field: F) => (state.ok === false ? state.values?.[field] : undefined);
  return {
    state,
    formAction,
    pending,
    formRef,
    token: state.token,
    errors,
    value,
    field: (name: F, saved?: string) => ({ name, errors: errors(name), defaultValue: value(name) ?? saved }),
  };
}

/** The hook's answer for an action, to hand to the part of a form that re-mounts with each answer. */
export type FormOf<A> = A extends FormAction<infer F> ? ReturnType<typeof useForm<F>> : never;

/** The reader of refusal messages in the browser: a form checks first with the domain's own rules and table. */
export function useReader(): Reader {
  const t = useTranslations();
  return { t: t as unknown as Reader["t"], locale: useLocale() };
}
