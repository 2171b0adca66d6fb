import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A labelled input with its hint and errors wired through aria-describedby. */
export function Field({
  id,
  label,
  hint,
  errors,
  className,
  ...input
}: ComponentProps<"input"> & { id: string; label: string; hint?: string; errors?: string[] }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined}
        className={cn(
          "min-h-10 rounded-md border bg-white px-3 py-2 text-sm shadow-sm",
          invalid ? "border-red-500" : "border-slate-300",
        )}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <div id={errorId} aria-live="polite" className="text-sm text-red-700">
        {errors?.map((e) => <p key={e}>{e}</p>)}
      </div>
    </div>
  );
}
