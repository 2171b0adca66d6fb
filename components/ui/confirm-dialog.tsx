"use client";

import { useId, useRef } from "react";
import { Button } from "./button";
import { SubmitButton } from "./submit-button";

/**
 * Keeps Tab and Shift+Tab inside a modal dialog: the page behind is inert, but without this the focus would leave
 * the document from the last button (to the browser's own controls) instead of going round to the first.
 */
function trapFocus(event: React.KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== "Tab") return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled]), a[href], input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])")];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A destructive action confirmed in the panel's own modal dialog (a native <dialog> opened with showModal: the rest
 * of the page is inert so focus stays inside, Escape closes it, its heading names it, focus starts on Cancel).
 * `hidden` are the form's fields; `action` the server action the confirm button submits to.
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  cancel,
  confirm,
  action,
  hidden,
}: {
  trigger: string;
  title: string;
  children: React.ReactNode;
  cancel: string;
  confirm: string;
  action: (formData: FormData) => void;
  hidden: Record<string, string | number>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const uid = useId();
  return (
    <>
      <Button type="button" variant="ghost" onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${uid}-title`}
        aria-describedby={`${uid}-body`}
        onKeyDown={trapFocus}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-5 text-ink shadow-xl backdrop:bg-slate-900/50"
      >
        <form action={action} onSubmit={() => dialog.current?.close()} className="flex flex-col gap-4">
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={`${uid}-title`} className="text-lg font-semibold">{title}</h2>
          <div id={`${uid}-body`} className="flex flex-col gap-2 text-sm text-slate-700">
            {children}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" autoFocus onClick={() => dialog.current?.close()}>{cancel}</Button>
            <SubmitButton pendingLabel="…" variant="danger">{confirm}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
