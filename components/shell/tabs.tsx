"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { activeHref } from "./active";

/** Tabs of the selected SMS account: links, with the current one marked for assistive technology. */
export function Tabs({ label, tabs }: { label: string; tabs: Array<{ href: string; label: string; exact?: boolean }> }) {
  const current = activeHref(usePathname(), tabs);
  const activeLink = useRef<HTMLAnchorElement>(null);
  // On a narrow screen the row scrolls sideways: bring the current tab into view.
  // (A block body: in recent Chromium scrollIntoView returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    activeLink.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [current]);
  return (
    <nav aria-label={label}>
      {/* One row that scrolls sideways on a narrow screen rather than wrapping onto a second row. */}
      <ul className="flex gap-x-1 overflow-x-auto whitespace-nowrap border-b border-slate-200">
        {tabs.map((tab) => {
          const active = tab.href === current;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                ref={active ? activeLink : undefined}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-3 py-2 text-sm font-medium",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-ink",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
