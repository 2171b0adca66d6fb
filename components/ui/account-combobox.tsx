"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { credits, creditsToNumber } from "@/lib/credits/amounts";
import { cn } from "./cn";
import { FieldFrame } from "./field-frame";

/** An SMS account as the picker offers it (the JSON of the transfer form's accounts route). */
export type AccountChoice = { serviceName: string; description: string; balance: string; enabled: boolean };

/**
 * A searchable account picker for customers of any size (the ARIA 1.2 combobox pattern with a list box): the user
 * types part of a name or description, the server answers the first matching accounts with their balances, and
 * the arrow keys, Enter and Escape choose. The input itself carries the chosen service name under `id` as its
 * form field name, so a typed exact name is a value too (the server checks it like any other).
 */
export function AccountCombobox({
  id,
  label,
  hint,
  errors,
  value,
  endpoint,
  exclude,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  /** The service name in the field. */
  value: string;
  /** Answers `?q=…&exclude=…` with AccountChoice[]. */
  endpoint: string;
  /** A service name never offered (a transfer's source). */
  exclude?: string;
  /** The text typed, and the account when it is one of the offered ones. */
  onChange: (serviceName: string, choice: AccountChoice | null) => void;
}) {
  const t = useTranslations("combobox");
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<AccountChoice[] | null>(null);
  const [active, setActive] = useState(-1);
  const [query, setQuery] = useState<string | null>(null);
  const latest = useRef(0);

  // Load the matches of what is typed (debounced; a stale answer never replaces a newer one).
  useEffect(() => {
    if (query === null) return;
    const request = ++latest.current;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const url = `${endpoint}?${new URLSearchParams({ q: query, ...(exclude ? { exclude } : {}) })}`;
        const res = await fetch(url, { signal: controller.signal, headers: { accept: "application/json" } });
        if (!res.ok || request !== latest.current) return;
        const found = (await res.json()) as AccountChoice[];
        if (request !== latest.current) return;
        setChoices(found);
        setActive(-1);
        // A name typed in full is that account, picked or not.
        const exact = found.find((c) => c.serviceName === query.trim());
        if (exact) onChange(query, exact);
      } catch {
        // aborted by a newer keystroke, or the network: the list keeps its last answer
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // onChange is the parent's setter pair; a new function each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, exclude, endpoint]);

  function search(text: string) {
    setQuery(text);
    setOpen(true);
  }

  function pick(choice: AccountChoice) {
    onChange(choice.serviceName, choice);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const count = choices?.length ?? 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        search(value);
        return;
      }
      if (count === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (a < 0 ? (step === 1 ? 0 : count - 1) : (a + step + count) % count));
    } else if (event.key === "Enter") {
      if (open && active >= 0 && choices?.[active]) {
        event.preventDefault(); // choosing, not submitting the form
        pick(choices[active]);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (value) {
        event.preventDefault();
        onChange("", null);
      }
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  }

  const expanded = open && choices !== null;
  const optionId = (n: number) => `${listId}-option-${n}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {({ invalidClass, ...aria }) => (
        <div className="relative">
          <input
            id={id}
            name={id}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={t("placeholder")}
            onChange={(e) => {
              onChange(e.target.value, null);
              search(e.target.value);
            }}
            onFocus={() => {
              if (choices === null) setQuery(value);
            }}
            onClick={() => search(value)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            {...aria}
            className={cn("min-h-10 w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm", invalidClass)}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={label}
            hidden={!expanded || choices.length === 0}
            className="absolute z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {choices?.map((c, n) => (
              <li
                key={c.serviceName}
                id={optionId(n)}
                role="option"
                aria-selected={n === active}
                // Keep the focus in the input: the choice is made on mouse down.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(c);
                }}
                onMouseMove={() => setActive(n)}
                className={cn("flex cursor-pointer items-baseline justify-between gap-3 px-3 py-2", n === active && "bg-brand-50")}
              >
                <span className="min-w-0">
                  <span className="block font-medium">{c.serviceName}</span>
                  {c.description ? <span className="block truncate text-xs text-slate-600">{c.description}</span> : null}
                </span>
                <span className="num shrink-0 text-right text-xs text-slate-700">
                  {t("balance", { balance: creditsToNumber(credits(c.balance)) })}
                  {c.enabled ? null : <span className="block text-slate-500">{t("disabled")}</span>}
                </span>
              </li>
            ))}
          </ul>
          {expanded && choices.length === 0 ? (
            <p className="absolute z-20 mt-1 w-full rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg">
              {t("count", { count: 0 })}
            </p>
          ) : null}
          <p className="sr-only" aria-live="polite">
            {expanded ? t("count", { count: choices.length }) : ""}
          </p>
        </div>
      )}
    </FieldFrame>
  );
}
