import type { ComponentProps } from "react";
import { cn } from "./cn";
import { FieldFrame } from "./field-frame";

/** A labelled input with its hint and errors wired through aria-describedby. */
export function Field({
  id,
  label,
  hint,
  errors,
  className,
  ...input
}: ComponentProps<"input"> & { id: string; label: string; hint?: string; errors?: string[] }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={className}>
      {({ invalidClass, ...aria }) => (
        <input id={id} {...aria} className={cn("min-h-10 rounded-md border bg-white px-3 py-2 text-sm shadow-sm", invalidClass)} {...input} />
      )}
    </FieldFrame>
  );
}
