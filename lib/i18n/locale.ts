import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@/lib/billing/subsidiaries";

export const LOCALE_COOKIE = "locale";

/** Picks the best supported language from an Accept-Language header ("fr-CH, fr;q=0.9, en;q=0.8"). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((c) => c.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((c) => c.language).find(isLocale) ?? DEFAULT_LOCALE;
}

/**
 * How each language formats dates and numbers: its home region. The panel's English is British English (its English
 * speaking customers are billed in the United Kingdom and Ireland), so a date reads 20/11/2026, not 11/20/2026.
 */
export const FORMAT_LOCALE: Record<Locale, string> = { en: "en-GB", fr: "fr-FR", es: "es-ES", it: "it-IT", pl: "pl-PL" };

/** The language of a formatting locale ("en-GB" → "en"). */
export function languageOf(formatLocale: string): Locale {
  const language = formatLocale.split("-")[0];
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  it: "Italiano",
  pl: "Polski",
};

export { LOCALES };
