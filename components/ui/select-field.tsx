import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A labelled select with its hint and errors wired through aria-describedby. */
export function SelectField({
  id,
  label,
  hint,
  errors,
  options,
  className,
  ...select
}: ComponentProps<"select"> & {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  options: Array<{ value: string; label: string }>;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        name={id}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined}
        className={cn("min-h-10 rounded-md border bg-white px-3 py-2 text-sm shadow-sm", invalid ? "border-red-500" : "border-slate-300")}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
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
