"use client";

import { useEffect, useRef } from "react";
import { cn } from "./cn";

/**
 * Takes keyboard focus when it appears: wrapped around the result of an action (a confirmation), so a keyboard or
 * screen-reader user goes on from the result instead of from the top of the page, where the browser drops focus
 * when the button they pressed goes away. Give it a new `key` for each new result.
 */
export function FocusOnMount({ children, className }: { children: React.ReactNode; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div ref={box} tabIndex={-1} className={cn("rounded-md outline-none focus-visible:outline-2", className)}>
      {children}
    </div>
  );
}
