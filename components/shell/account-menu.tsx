"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";

const WIDE = "(min-width: 48rem)"; // Tailwind's md: the header shows its sections in a row from here

function subscribe(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The account controls (who is signed in, language, security, log out). From md up: a menu on the right of the
 * header, a native <details> (it opens without JavaScript too), closed by Escape or a click elsewhere. Below md the
 * controls sit open inside the header's Menu panel, so a phone reaches them in one tap.
 */
export function AccountMenu({ summary, children }: { summary: React.ReactNode; children: React.ReactNode }) {
  const wide = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE).matches,
    () => true,
  );
  const [open, setOpen] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!open || !wide) return;
    const close = (event: Event) => {
      if (details.current && !details.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("focusin", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("focusin", close);
    };
  }, [open, wide]);
  return (
    <details
      ref={details}
      open={!wide || open}
      onToggle={(event) => wide && setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key === "Escape" && wide && open) {
          setOpen(false);
          details.current?.querySelector("summary")?.focus();
        }
      }}
      className="relative md:ml-auto"
    >
      <summary
        className={cn(
          "flex min-h-9 cursor-pointer list-none items-center gap-2 rounded-md border border-white/40 px-3 text-sm hover:bg-white/10 [&::-webkit-details-marker]:hidden",
          !wide && "hidden",
        )}
      >
        {summary}
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3" fill="currentColor">
          <path d="M3 6l5 5 5-5z" />
        </svg>
      </summary>
      <div
        className={cn(
          "flex flex-col gap-3 border-t border-white/20 pt-3 text-sm",
          wide && "absolute right-0 z-40 mt-2 w-72 rounded-md border border-white/20 bg-brand-800 p-4 shadow-lg",
        )}
      >
        {children}
      </div>
    </details>
  );
}
