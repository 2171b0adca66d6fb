"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { activeHref } from "./active";

/**
 * The header's navigation: the sections, with the current one marked, and the account menu passed as children.
 * From the md breakpoint up the sections and the account menu share the header's one row; below it the header shows
 * the current section beside a Menu button that opens the sections and the account controls.
 * A link `inMenuOnly` is listed in the phone's menu only (from md up it sits in the account menu).
 */
export function MainNav({
  label,
  menuLabel,
  links,
  children,
}: {
  label: string;
  menuLabel: string;
  links: Array<{ href: string; label: string; inMenuOnly?: boolean }>;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  // The menu stays open on the page it was opened on: following a link (or Escape) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const current = activeHref(pathname, links);
  // Escape closes the open menu and gives focus back to its button.
  const closeOnEscape = (event: React.KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      setOpenOn(null);
      button.current?.focus();
    }
  };
  const currentLabel = links.find((l) => l.href === current)?.label;
  return (
    <>
      {currentLabel ? (
        <span className="min-w-0 flex-1 truncate text-sm text-white/85 md:hidden" data-testid="current-section">
          {currentLabel}
        </span>
      ) : null}
      <button
        ref={button}
        type="button"
        className="ml-auto inline-flex min-h-9 items-center gap-2 rounded-md border border-white/40 px-3 text-sm md:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onKeyDown={closeOnEscape}
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="currentColor">
          {open ? (
            <path d="M3.5 3.5 12.5 12.5M12.5 3.5 3.5 12.5" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
          ) : (
            <path d="M2 4h12v1.5H2zM2 7.25h12v1.5H2zM2 10.5h12V12H2z" />
          )}
        </svg>
        {menuLabel}
      </button>
      <div
        id={panelId}
        onKeyDown={closeOnEscape}
        // Focus leaving the menu (Tab past its last control, a click elsewhere) closes it.
        onBlur={(event) => {
          const next = event.relatedTarget as Node | null;
          if (open && next !== button.current && !event.currentTarget.contains(next)) setOpenOn(null);
        }}
        className={cn(
          "w-full flex-col gap-3 pb-2 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:gap-4 md:pb-0",
          open ? "flex" : "hidden",
        )}
      >
        <nav aria-label={label}>
          <ul className="flex flex-col gap-1 text-sm md:flex-row md:gap-0.5">
            {links.map((link) => {
              const active = link.href === current;
              return (
                <li key={link.href} className={cn(link.inMenuOnly && "md:hidden")}>
                  <Link
                    href={link.href}
                    aria-current={active ? "page" : undefined}
                    onClick={() => setOpenOn(null)}
                    className="nav-link"
                  >
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {children}
      </div>
    </>
  );
}
