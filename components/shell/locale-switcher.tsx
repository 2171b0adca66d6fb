"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { changeLocale } from "@/app/actions/session";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";

/** Language picker: applies on change; keyboard users get the same through the select and Enter. */
export function LocaleSwitcher() {
  const t = useTranslations("nav");
  const locale = useLocale();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [pending, startTransition] = useTransition();
  return (
    <form action={changeLocale} className="flex items-center gap-2">
      <input type="hidden" name="returnTo" value={`${pathname}${search ? `?${search}` : ""}`} />
      <label htmlFor="locale-select" className="sr-only">
        {t("language")}
      </label>
      <select
        id="locale-select"
        name="locale"
        defaultValue={locale}
        disabled={pending}
        onChange={(event) => {
          const form = event.currentTarget.form;
          startTransition(() => form?.requestSubmit());
        }}
        className="min-h-9 rounded-md border border-white/30 bg-brand-800 px-2 text-sm text-white"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </form>
  );
}
