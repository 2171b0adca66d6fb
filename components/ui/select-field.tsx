import type { ComponentProps } from "react";
import { cn } from "./cn";
import { FieldFrame } from "./field-frame";

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
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={className}>
      {({ invalidClass, ...aria }) => (
        <select id={id} name={id} {...aria} className={cn("min-h-10 rounded-md border bg-white px-3 py-2 text-sm shadow-sm", invalidClass)} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
