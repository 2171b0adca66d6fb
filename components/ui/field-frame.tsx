import { cn } from "./cn";

/**
 * Label, hint and errors around one control, wired for assistive technology: the control gets the ids to put in
 * aria-describedby and whether it is invalid. Field (inputs) and SelectField share it.
 */
export function FieldFrame({
  id,
  label,
  hint,
  errors,
  className,
  hintTestId,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  className?: string;
  /** A test id on the hint (live figures such as the SMS counter are shown there). */
  hintTestId?: string;
  children: (control: { "aria-invalid"?: true; "aria-describedby"?: string; invalidClass: string }) => React.ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children({
        "aria-invalid": invalid || undefined,
        "aria-describedby": [hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined,
        invalidClass: invalid ? "border-red-500" : "border-slate-300",
      })}
      {hint ? (
        <p id={hintId} className="num text-xs text-slate-600" data-testid={hintTestId} aria-live={hintTestId ? "polite" : undefined}>
          {hint}
        </p>
      ) : null}
      <div id={errorId} aria-live="polite" className="text-sm text-red-700">
        {errors?.map((e) => <p key={e}>{e}</p>)}
      </div>
    </div>
  );
}
