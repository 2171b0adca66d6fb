"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { languageOf, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";

/** Language picker: browse the options freely (keyboard included), apply with the button. */
export function LocaleSwitcher({ changeLocale }: { changeLocale: (form: FormData) => Promise<void> }) {
  const t = useTranslations("nav");
  const locale = languageOf(useLocale());
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return (
    <form action={changeLocale} className="flex items-center gap-1">
      <input type="hidden" name="returnTo" value={`${pathname}${search ? `?${search}` : ""}`} />
      <label htmlFor="locale-select" className="sr-only">
        {t("language")}
      </label>
      <select
        id="locale-select"
        name="locale"
        defaultValue={locale}
        key={locale}
        className="min-h-9 rounded-md border border-white/30 bg-brand-800 px-2 text-sm text-white"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <button type="submit" className="min-h-9 rounded-md border border-white/40 px-2 text-sm hover:bg-white/10">
        {t("applyLanguage")}
      </button>
    </form>
  );
}
