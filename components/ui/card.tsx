import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/**
 * A section of a page on a white card. With `heading`, the card draws its title (and what stands beside it on the
 * right: a status badge, a link) and is labelled by it, so the two cannot drift apart.
 */
export function Card({ className, heading, children, ...props }: ComponentProps<"section"> & { heading?: { id: string; title: ReactNode; aside?: ReactNode } }) {
  return (
    <section aria-labelledby={heading?.id} className={cn("card", className)} {...props}>
      {heading ? (
        <div className="flex items-center justify-between gap-2">
          <CardTitle id={heading.id}>{heading.title}</CardTitle>
          {heading.aside}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function CardTitle({ className, ...props }: ComponentProps<"h2">) {
  return <h2 className={cn("card-title", className)} {...props} />;
}
