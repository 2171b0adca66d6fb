"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { activeHref } from "./active";

/**
 * Tabs of the selected SMS account: links, with the current one marked for assistive technology. On a narrow screen
 * the row scrolls sideways (each label kept whole); a fading edge on the side with more tabs shows that it scrolls.
 */
export function Tabs({ label, tabs }: { label: string; tabs: Array<{ href: string; label: string; exact?: boolean }> }) {
  const current = activeHref(usePathname(), tabs);
  const activeLink = useRef<HTMLAnchorElement>(null);
  const strip = useRef<HTMLUListElement>(null);
  const [more, setMore] = useState({ before: false, after: false });
  const measure = useCallback(() => {
    const el = strip.current;
    if (!el) return;
    const before = el.scrollLeft > 1;
    const after = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setMore((m) => (m.before === before && m.after === after ? m : { before, after }));
  }, []);
  // Bring the current tab into view (a block body: in recent Chromium scrollIntoView returns a promise, which React
  // would take for a cleanup), then note which sides have more tabs.
  useEffect(() => {
    activeLink.current?.scrollIntoView({ block: "nearest", inline: "center" });
    measure();
  }, [current, measure]);
  useEffect(() => {
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [measure]);
  return (
    <nav aria-label={label} className="relative">
      <ul
        ref={strip}
        onScroll={measure}
        className="flex gap-x-1 overflow-x-auto whitespace-nowrap border-b border-slate-200 [scrollbar-width:thin]"
      >
        {tabs.map((tab) => {
          const active = tab.href === current;
          return (
            <li key={tab.href} className="shrink-0">
              <Link
                href={tab.href}
                ref={active ? activeLink : undefined}
                aria-current={active ? "page" : undefined}
                className="tab"
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <ScrollEdge side="before" shown={more.before} />
      <ScrollEdge side="after" shown={more.after} />
    </nav>
  );
}

/** An edge that says "more this way"; decorative (every tab is a link in the list). */
function ScrollEdge({ side, shown }: { side: "before" | "after"; shown: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "pointer-events-none absolute inset-y-0 flex items-center text-slate-500 transition-opacity",
        side === "before"
          ? "left-0 w-8 bg-gradient-to-r from-surface to-transparent"
          : "right-0 w-10 justify-end bg-gradient-to-l from-surface via-surface/80 to-transparent pr-0.5",
        shown ? "opacity-100" : "opacity-0",
      )}
    >
      {side === "before" ? "‹" : "›"}
    </span>
  );
}
