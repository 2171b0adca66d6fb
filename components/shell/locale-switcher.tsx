"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { languageOf, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";
import { cn } from "@/components/ui/cn";

/**
 * Language picker: choosing a language applies it at once (the form is sent on change). Without JavaScript an
 * Apply button sends it. `tone` fits it on the dark header or on a light page (login).
 */
export function LocaleSwitcher({
  changeLocale,
  tone = "dark",
  showLabel = false,
}: {
  changeLocale: (form: FormData) => Promise<void>;
  tone?: "dark" | "light";
  showLabel?: boolean;
}) {
  const t = useTranslations("nav");
  const locale = languageOf(useLocale());
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return (
    <form action={changeLocale} className="flex items-center gap-2">
      <input type="hidden" name="returnTo" value={`${pathname}${search ? `?${search}` : ""}`} />
      <label htmlFor="locale-select" className={showLabel ? "text-sm" : "sr-only"}>
        {t("language")}
      </label>
      <select
        id="locale-select"
        name="locale"
        defaultValue={locale}
        key={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className={cn(
          "min-h-9 rounded-md border px-2 text-sm",
          tone === "dark" ? "border-white/30 bg-brand-800 text-white" : "border-slate-300 bg-white text-ink",
        )}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="min-h-9 rounded-md border border-current px-2 text-sm">
          {t("applyLanguage")}
        </button>
      </noscript>
    </form>
  );
}
