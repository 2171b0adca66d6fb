"use client";

import type { FormState } from "@/lib/auth/action";
import { RecreditInvoiceLink } from "../recredit-invoice-link";
import { FocusOnMount } from "./focus-on-mount";
import { Notice } from "./notice";

/**
 * What a form's action answered: a confirmation (which takes keyboard focus, so a keyboard user goes on from it) or
 * the refusal's message, announced to screen readers. `show` limits it to one of the two when the form shows the
 * other itself.
 */
export function FormResult({
  state,
  testId,
  errorTestId = testId,
  show = "both",
}: {
  state: FormState;
  testId: string;
  errorTestId?: string;
  show?: "both" | "error";
}) {
  if (!state.message) return null;
  if (state.ok) {
    if (show === "error") return null;
    return (
      <FocusOnMount key={state.at}>
        <Notice tone="success" live>
          <p data-testid={testId}>{state.message}</p>
          <RecreditInvoiceLink result={state.result} />
        </Notice>
      </FocusOnMount>
    );
  }
  return (
    // Focus comes here after a refusal that names no field (components/ui/use-form.ts).
    <div tabIndex={-1} data-form-refusal className="outline-none">
      <Notice tone="danger" live testId={errorTestId}>
        {state.message}
      </Notice>
    </div>
  );
}
